import Foundation
import Hummingbird
import Logging

/// Logs each request's method, path, status and duration. The query string is left out on
/// purpose: it may carry secrets (Open311 `api_key`, a reporter's `tracking_token`).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        context.logger.info(
            "\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
            metadata: [
                "ms": .stringConvertible((milliseconds * 10).rounded() / 10)
            ])
        return response
    }
}

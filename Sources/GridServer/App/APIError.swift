import Foundation
import GridCore
import GridStore
import Hummingbird

/// Every failure of the API answers `{"error":{"code","message","field"}}` with a 4xx or 5xx status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `out_of_scope`, `invalid`, `not_found`.
    public var code: String
    /// Why, in English for the API (``message``); pages show it in their language.
    public var reason: Reason
    public var message: String { reason.description }
    /// The request field at fault, when one is.
    public var field: String?
    public var headers: HTTPFields = [:]
    /// Members added beside `error` (e.g. `allowed_actions` with a 409).
    public var extra: [String: JSONValue] = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: Reason, field: String? = nil) {
        self.status = status
        self.code = code
        self.reason = message
        self.field = field
    }

    public static func invalid(_ field: String, _ message: Reason) -> APIError {
        APIError(.badRequest, code: "invalid", message: message, field: field)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object = extra
        object["error"] = ["code": .string(code), "message": .string(message), "field": JSONValue(field)]
        let body = JSONValue.object(object)
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.canonicalText)))
    }

    /// Maps any error thrown below a route to what the client should see; unexpected errors are 500s
    /// whose detail stays in the log.
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: return error
        case let error as StoreError:
            switch error {
            case .outOfScope:
                return APIError(.forbidden, code: "out_of_scope", message: Reason(verbatim: error.description))
            case .notFound: return APIError(.notFound, code: "not_found", message: Reason(verbatim: error.description))
            case .conflict: return APIError(.conflict, code: "conflict", message: Reason(verbatim: error.description))
            case .invalid(let field, let reason):
                return APIError(.badRequest, code: "invalid", message: reason, field: field)
            case .corrupt, .engine, .configuration: return nil
            }
        case let error as any WorkflowRefusing:
            var apiError = APIError(
                .conflict, code: "action_not_allowed", message: Reason(verbatim: error.description), field: "action")
            apiError.extra["allowed_actions"] = .array(error.allowedActionNames.map(JSONValue.string))
            return apiError
        case let error as CatalogueError:
            switch error {
            case .invalid(let index, let field, let reason):
                return APIError(.badRequest, code: "invalid", message: reason, field: "categories[\(index)].\(field)")
            case .badHandler:
                return APIError(.badRequest, code: "invalid", message: error.reason, field: "handler")
            }
        case let error as ImportProblems:
            return APIError(.badRequest, code: "invalid_file", message: Reason(verbatim: error.summary(limit: 50)))
        case let error as HTTPError:
            let code =
                switch error.status.code {
                case 404: "not_found"
                case 405: "method_not_allowed"
                case 413: "too_large"
                default: "http_\(error.status.code)"
                }
            return APIError(
                error.status, code: code, message: Reason(verbatim: error.body ?? error.status.reasonPhrase))
        default: return nil
        }
    }
}

/// Turns every error into the JSON error shape; logs the unexpected ones.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if let apiError = APIError.from(error) {
                return try apiError.response(from: request, context: context)
            }
            // Errors that render themselves in another protocol's shape (Open311's error arrays).
            if let responseError = error as? any HTTPResponseError {
                return try responseError.response(from: request, context: context)
            }
            context.logger.error(
                "unexpected error on \(request.method) \(request.uri.path): \(String(reflecting: error))")
            return try APIError(.internalServerError, code: "internal", message: "internal error; see the server log")
                .response(from: request, context: context)
        }
    }
}

import Hummingbird

/// Sends `X-Content-Type-Options: nosniff` with every response (pages, JSON, files, errors), so a
/// browser takes each as the type it is declared, never guessing HTML or script from its bytes.
struct NoSniffMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

import GridCore
import GridStore
import HTTPTypes
import Hummingbird

/// Finds the caller of a request: `Authorization: Bearer` with a session token (`gs_…`) or an API
/// token (`gt_…`), or the web session cookie. A cookie-authenticated request that changes something
/// must echo the session's CSRF token — the `X-CSRF-Token` header, or a form's `_csrf` field — so
/// another site cannot forge it. The login form has its own token (see `LoginPages`).
struct AuthenticationMiddleware: RouterMiddleware {
    static let cookieName = "gridgov_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token") ?? .authorization
    /// Forms that carry their own token (``FormToken``) because they work without an account; a
    /// session cookie a resident happens to have must not make them fail.
    static let ownFormToken: Set<String> = ["/login", "/report", "/track/rate"]
    let store: GridStore

    func handle(
        _ request: Request, context: GridRequestContext, next: (Request, GridRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer ") else {
                throw APIError(
                    .unauthorized, code: "unauthenticated", message: "Authorization must be 'Bearer <token>'")
            }
            let token = String(authorization.dropFirst("Bearer ".count))
            if token.hasPrefix("gt_"), let caller = try await store.caller(apiToken: token) {
                context.caller = caller
                context.credential = .apiToken(token)
            } else if let session = try await store.session(token: token) {
                context.session = session
                context.caller = session.account.caller
                context.credential = .session(token)
            } else {
                throw APIError(.unauthorized, code: "unauthenticated", message: "the token is unknown or has expired")
            }
        } else if let token = request.cookies[Self.cookieName]?.value,
            let session = try await store.session(token: token)
        {
            if ![.get, .head, .options].contains(request.method), !Self.ownFormToken.contains(request.uri.path) {
                var echoed = request.headers[Self.csrfHeader]
                if echoed == nil, FormFields.isForm(request) {
                    // Read the form to find its token, then hand the same bytes on to the route.
                    let limit = FormFields.limit(for: request, urlencoded: context.maxUploadSize)
                    let buffer = try await request.collectBody(
                        upTo: limit, tooLarge: "the form is larger than \(limit) bytes")
                    echoed = try FormFields.parse(buffer, of: request)["_csrf"]
                    request.body = .init(buffer: buffer)
                }
                guard echoed == session.csrfToken else {
                    throw APIError(
                        .forbidden, code: "csrf", message: "missing or wrong CSRF token for a cookie session")
                }
            }
            context.session = session
            context.caller = session.account.caller
            context.credential = .session(token)
        }
        return try await next(request, context)
    }
}

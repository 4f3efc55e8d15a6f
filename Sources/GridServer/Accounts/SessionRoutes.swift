import Foundation
import GridCore
import GridStore
import Hummingbird

/// `POST /api/v1/session` logs in (bearer token in the body, session cookie set), `GET` says who
/// is logged in, `DELETE` logs out.
struct SessionRoutes {
    let store: GridStore
    let throttle: LoginThrottle
    /// Mark the cookie `Secure` when served over HTTPS (behind a TLS proxy).
    let secureCookies: Bool

    struct LogInRequest: Decodable {
        var username: String
        var password: String
    }

    func register(on router: Router<GridRequestContext>) {
        router.post("/api/v1/session") { request, context in try await logIn(request, context) }
        router.get("/api/v1/session") { _, context in
            let caller = try context.requireCaller()
            return JSONResponse([
                "user": Self.callerJSON(caller, displayName: context.session?.account.displayName),
                "csrf_token": JSONValue(context.session?.csrfToken),
            ])
        }
        router.delete("/api/v1/session") { request, context in
            _ = try context.requireCaller()
            if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer gs_") {
                try await store.logOut(token: String(authorization.dropFirst("Bearer ".count)))
            } else if let token = request.cookies[AuthenticationMiddleware.cookieName]?.value {
                try await store.logOut(token: token)
            }
            var response = Response(status: .noContent)
            response.setCookie(
                Cookie(
                    name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func logIn(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(
            LogInRequest.self, allowedFields: ["username", "password"], context: context)
        guard !body.username.isEmpty else { throw APIError.invalid("username", "is required") }
        guard !body.password.isEmpty else { throw APIError.invalid("password", "is required") }
        let (username, password) = (body.username, body.password)
        let outcome = try await throttle.attempt(username: username, client: context.clientKey, logger: context.logger)
        { verify in
            try await store.logIn(username: username, password: password, verify: verify)
        }
        guard case .loggedIn(let token, let session) = outcome else { throw Self.refusal(outcome) }
        var response = try JSONResponse([
            "token": .string(token),
            "csrf_token": .string(session.csrfToken),
            "expires_at": .string(ISO8601UTC.seconds(session.expiresAtMilliseconds)),
            "user": Self.callerJSON(session.account.caller, displayName: session.account.displayName),
        ]).response(from: request, context: context)
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.cookieName, value: token,
                maxAge: Int(GridStore.sessionLifetimeMilliseconds / 1000), path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// The error a refused login answers.
    private static func refusal(_ outcome: LoginThrottle.Outcome) -> APIError {
        switch outcome {
        case .wrongPassword, .loggedIn:
            return APIError(
                .unauthorized, code: "bad_credentials", message: "wrong user name or password", field: "password")
        case .throttled(let wait):
            var error = APIError(
                .tooManyRequests, code: "too_many_attempts",
                message: "too many failed logins from this client; try again in \(wait) s", field: "password")
            error.headers[.retryAfter] = String(wait)
            return error
        case .busy:
            var error = APIError(
                .serviceUnavailable, code: "busy", message: "too many logins are being checked; try again in a second")
            error.headers[.retryAfter] = "1"
            return error
        }
    }

    static func callerJSON(_ caller: Caller, displayName: String?) -> JSONValue {
        var scope: JSONValue
        switch caller.scope {
        case .territory: scope = ["kind": "territory"]
        case .region(let code): scope = ["kind": "region", "region_code": .string(code.digits)]
        case .department(let department): scope = ["kind": "department", "department_code": .string(department.value)]
        }
        return [
            "username": .string(caller.actor), "display_name": JSONValue(displayName),
            "role": .string(caller.role.rawValue), "scope": scope,
        ]
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/login` (form), `/logout`, and `/` which sends each visitor where they belong.
///
/// The login form carries its own CSRF token (``FormToken``), since there is no session yet to bind it to.
struct LoginPages {
    let store: GridStore
    let throttle: LoginThrottle
    let renderer: PageRenderer
    let secureCookies: Bool

    func register(on router: Router<GridRequestContext>) {
        router.get("/") { _, context in
            PageRenderer.redirect(to: context.caller.map { PageRenderer.home(of: $0.role) } ?? "/login")
        }
        router.get("/login") { request, context in
            let language = Self.language(request)
            let next = Self.safeNext(try request.queryParameters.get("next"))
            return showForm(language: language, username: "", next: next, error: nil, status: .ok)
        }
        router.post("/login") { request, context in try await logIn(request, context) }
        router.post("/logout") { request, context in
            if let token = request.cookies[AuthenticationMiddleware.cookieName]?.value {
                try await store.logOut(token: token)
            }
            var response = PageRenderer.redirect(to: "/login")
            response.setCookie(
                Cookie(
                    name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func logIn(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let language = Self.language(request)
        let form = try await FormFields.read(request, limit: context.maxUploadSize)
        let username = form["username"] ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        try FormToken.check(request, form)
        let strings = PageStrings.table(language)
        guard !username.isEmpty, !password.isEmpty else {
            return showForm(
                language: language, username: username, next: next,
                error: "\(strings["username"] ?? "")/\(strings["password"] ?? ""): \(strings["required"] ?? "")",
                status: .badRequest)
        }
        let outcome = try await throttle.attempt(username: username, client: context.clientKey, logger: context.logger)
        { verify in
            try await store.logIn(username: username, password: password, verify: verify)
        }
        let token: String
        switch outcome {
        case .loggedIn(let loggedInToken, _): token = loggedInToken
        case .wrongPassword:
            return showForm(
                language: language, username: username, next: next, error: strings["bad_credentials"],
                status: .unauthorized)
        case .throttled:
            return showForm(
                language: language, username: username, next: next, error: strings["too_many_attempts"],
                status: .tooManyRequests)
        case .busy:
            var response = showForm(
                language: language, username: username, next: next, error: strings["login_busy"],
                status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
        var response = PageRenderer.redirect(to: next ?? "/")
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.cookieName, value: token,
                maxAge: Int(GridStore.sessionLifetimeMilliseconds / 1000), path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    private func showForm(
        language: PageLanguage, username: String, next: String?, error: String?, status: HTTPResponse.Status
    ) -> Response {
        let (csrf, cookie) = FormToken.issue(secure: secureCookies)
        var response = renderer.page(
            .login, title: PageStrings.table(language)["login_title"] ?? "", language: language,
            values: ["csrf": csrf, "username": username, "next": next ?? "", "error": error as Any], status: status)
        response.setCookie(cookie)
        return response
    }

    /// Only same-site paths may be the target after login (no open redirect).
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
        else { return nil }
        return next
    }

    static func language(_ request: Request) -> PageLanguage {
        PageLanguage.of(
            query: (try? request.queryParameters)?.get("lang"), cookie: request.cookies[PageLanguage.cookieName]?.value)
    }
}

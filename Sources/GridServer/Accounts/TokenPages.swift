import GridCore
import GridStore
import Hummingbird

/// `/admin/tokens`: 接口令牌 — the API tokens an administrator may see, a 吊销 (revoke) button on
/// each live one, and a form to issue a token to an integration (video analytics, IoT sensors, an
/// Open311 client). A new token is shown once, on the page that answers the form, and never again:
/// only its digest is stored. A refused form comes back with the field at fault named; nothing is written.
struct TokenPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/tokens") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/tokens") { caller in
                let strings = PageStrings.table(LoginPages.language(request))
                // Only a token name is echoed back (the notice after a revocation).
                let revoked = try request.queryParameters.get("revoked").flatMap { $0.count <= 64 ? $0 : nil }
                return try await page(
                    caller, request, context, notice: revoked.map { "\(strings["token_revoked_done"] ?? ""): \($0)" })
            }
        }
        AdminGate.post(router, "/admin/tokens", page: "/admin/tokens", renderer: renderer) {
            try await issue($0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/tokens/revoke", page: "/admin/tokens", renderer: renderer) {
            try await revoke($0, $1, $2, $3)
        }
    }

    /// Issues an integration token. The answer is the page itself, not a redirect, so the token
    /// never appears in a URL or the browser's history.
    private func issue(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let scopeText = (form["scope"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let typed = ["name": name, "scope": scopeText]
        do {
            let scope: AccessScope
            if scopeText.isEmpty {
                scope = .territory
            } else {
                do { scope = .region(try RegionCode(scopeText)) } catch {
                    throw FieldRefusal("scope", strings["scope_region_rule"] ?? "", strings: strings)
                }
            }
            let token = try await store.addToken(name: name, role: .integration, scope: scope, by: caller)
            return try await page(caller, request, context, newToken: (name, token), status: .created)
        } catch let refusal as FieldRefusal {
            return try await page(caller, request, context, typed: typed, error: refusal, status: refusal.status)
        } catch let error as StoreError {
            let refusal = try Self.refusal(error, strings: strings)
            return try await page(caller, request, context, typed: typed, error: refusal, status: refusal.status)
        }
    }

    /// 吊销 from a row of the list; a refusal comes back as the list page with the reason above it.
    private func revoke(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let name = form["name"] ?? ""
        do {
            try await store.revokeToken(name: name, by: caller)
            return PageRenderer.redirect(to: "/admin/tokens?revoked=\(PageRenderer.queryValue(name))")
        } catch let error as StoreError {
            let refusal = try Self.refusal(error, strings: strings)
            return try await page(caller, request, context, listError: refusal.message, status: refusal.status)
        }
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: [String: String] = [:],
        error: FieldRefusal? = nil, notice: String? = nil, newToken: (name: String, token: String)? = nil,
        listError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let tokens = try await store.tokens(visibleTo: caller)
        let scopes = try await AccountPages.scopeLabels(
            of: tokens.map(\.scope), for: caller, store: store, strings: strings)
        let csrf = context.session?.csrfToken ?? ""
        var values: [String: Any] = typed
        values["csrf"] = csrf
        values["count"] = tokens.count
        values["tokens"] = tokens.map { token -> [String: Any] in
            [
                "name": token.name, "role_name": strings["role_" + token.role.rawValue] ?? token.role.rawValue,
                "scope": scopes[token.scope] ?? "",
                "created_at": CaseFormatter.beijingTime(token.createdAtMilliseconds),
                "revoked_at": token.revokedAtMilliseconds.map(CaseFormatter.beijingTime) as Any,
                "new": token.name == newToken?.name, "csrf": csrf,
            ]
        }
        values["new_token"] = newToken?.token as Any
        values["notice"] = notice as Any
        values["picker_words"] = RegionPicker.words(strings)
        values["list_error"] = listError as Any
        if let error {
            values["error"] = error.message
            values["invalid"] = [error.field: true]
        }
        return renderer.page(
            .adminTokens, title: strings["tokens_title"] ?? "", request: request, context: context, values: values,
            status: status, scripts: ["region-picker.js"])
    }

    /// The store's refusal of a token change, as the form field at fault and a message in the page's language.
    static func refusal(_ error: StoreError, strings: [String: String]) throws -> FieldRefusal {
        switch error {
        case .invalid("name", _): FieldRefusal("name", strings["token_name_rule"] ?? "", strings: strings)
        // What is left is a region that does not exist (the code is still in the field).
        case .invalid: FieldRefusal("scope", strings["scope_unknown"] ?? "", strings: strings)
        case .conflict: FieldRefusal("name", strings["token_name_taken"] ?? "", strings: strings, status: .conflict)
        case .outOfScope: FieldRefusal("scope", strings["scope_outside"] ?? "", strings: strings, status: .forbidden)
        case .notFound: FieldRefusal("name", strings["token_unknown"] ?? "", strings: strings, status: .notFound)
        case .corrupt, .engine, .configuration: throw error
        }
    }
}

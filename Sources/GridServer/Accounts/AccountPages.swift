import GridCore
import GridStore
import Hummingbird

/// `/admin/accounts`: 账号管理 — the accounts an administrator may see, each it manages with a
/// button to disable (停用) or enable it, a form to open one (user name, display name, role, the region or
/// department it is bound to, password) and a form to reset a password. A refused form comes back
/// with what was typed (never the password) and the field at fault named; nothing is written.
struct AccountPages {
    let store: GridStore
    let renderer: PageRenderer

    /// At most this many accounts are listed at once; a province has hundreds of thousands, so the
    /// page filters by name instead of paging through them.
    static let listLimit = 200

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/accounts") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/accounts") { caller in
                let parameters = try request.queryParameters
                let strings = PageStrings.table(LoginPages.language(request))
                var notice: String?
                // Only a user name is echoed back (the notice after a change); anything else is ignored.
                let username = { (text: String?) in
                    text.flatMap { $0.wholeMatch(of: /[A-Za-z0-9_.\-]{1,64}/) != nil ? $0 : nil }
                }
                if let created = username(parameters.get("created")) {
                    notice = "\(strings["account_created"] ?? ""): \(created)"
                }
                if let reset = username(parameters.get("reset")) {
                    notice = "\(strings["password_reset_done"] ?? ""): \(reset)"
                }
                if let disabled = username(parameters.get("disabled")) {
                    notice = "\(strings["account_disabled_done"] ?? ""): \(disabled)"
                }
                if let enabled = username(parameters.get("enabled")) {
                    notice = "\(strings["account_enabled_done"] ?? ""): \(enabled)"
                }
                return try await page(
                    caller, request, context, typed: [:], error: nil, notice: notice,
                    highlight: parameters.get("created"))
            }
        }
        AdminGate.post(router, "/admin/accounts", page: "/admin/accounts", renderer: renderer) {
            try await create($0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/accounts/password", page: "/admin/accounts", renderer: renderer) {
            try await resetPassword($0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/accounts/disable", page: "/admin/accounts", renderer: renderer) {
            try await setDisabled(true, $0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/accounts/enable", page: "/admin/accounts", renderer: renderer) {
            try await setDisabled(false, $0, $1, $2, $3)
        }
    }

    /// 停用 / 启用 from a row of the list; a refusal comes back as the list page with the reason above it.
    private func setDisabled(
        _ disabled: Bool, _ form: FormFields, _ caller: Caller, _ request: Request,
        _ context: GridRequestContext
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let username = form["username"] ?? ""
        do {
            try await store.setDisabled(disabled, username: username, by: caller)
            return PageRenderer.redirect(to: "/admin/accounts?\(disabled ? "disabled" : "enabled")=\(username)")
        } catch let error as StoreError {
            // The store refuses only one input here: the administrator's own account.
            let refusal =
                if case .invalid(_, let reason) = error {
                    FieldRefusal("username", strings["account_self"] ?? reason.text(strings), strings: strings)
                } else {
                    try Self.refusal(error, strings: strings, formField: "username")
                }
            return try await page(
                caller, request, context, typed: [:], error: nil, notice: nil, highlight: nil,
                listError: refusal.message,
                status: refusal.status)
        }
    }

    private func create(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let typed = [
            "username": form["username"] ?? "", "display_name": form["display_name"] ?? "", "role": form["role"] ?? "",
            "scope": form["scope"] ?? "",
        ]
        do {
            let account = try Self.account(form, strings: strings)
            try await store.addUser(account, password: form["password"] ?? "", by: caller)
            return PageRenderer.redirect(to: "/admin/accounts?created=\(account.username)")
        } catch let refusal as FieldRefusal {
            return try await page(
                caller, request, context, typed: typed, error: refusal, notice: nil, highlight: nil,
                status: refusal.status)
        } catch let error as StoreError {
            let refusal = try Self.refusal(error, strings: strings, formField: "scope")
            return try await page(
                caller, request, context, typed: typed, error: refusal, notice: nil, highlight: nil,
                status: refusal.status)
        }
    }

    private func resetPassword(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let username = form["reset_username"] ?? ""
        do {
            try await store.setPassword(username: username, password: form["new_password"] ?? "", by: caller)
            return PageRenderer.redirect(to: "/admin/accounts?reset=\(username)")
        } catch let error as StoreError {
            let refusal = try Self.refusal(
                error, strings: strings, formField: "reset_username", passwordField: "new_password")
            return try await page(
                caller, request, context, typed: ["reset_username": username], error: refusal, notice: nil,
                highlight: nil,
                status: refusal.status)
        }
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: [String: String],
        error: FieldRefusal?,
        notice: String?, highlight: String?, listError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = LoginPages.language(request)
        let strings = PageStrings.table(language)
        let query = (try request.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let all = try await store.accounts(visibleTo: caller)
        let matching =
            query.isEmpty
            ? all : all.filter { $0.username.contains(query.lowercased()) || $0.displayName.contains(query) }
        let shown = Array(matching.prefix(Self.listLimit))
        let scopes = try await Self.scopeLabels(of: shown.map(\.scope), for: caller, store: store, strings: strings)
        var values: [String: Any] = typed
        values["csrf"] = context.session?.csrfToken ?? ""
        values["q"] = query
        values["count"] = matching.count
        values["more"] = matching.count > shown.count ? "\(shown.count) / \(matching.count)" : nil as String? as Any
        values["accounts"] = shown.map { account -> [String: Any] in
            [
                "username": account.username, "display_name": account.displayName, "scope": scopes[account.scope] ?? "",
                "role_name": strings["role_" + account.role.rawValue] ?? account.role.rawValue,
                "new": account.username == highlight,
                "disabled": account.disabled, "csrf": context.session?.csrfToken ?? "",
                // Nobody disables their own account, nor one they do not manage (a peer administrator).
                "can_disable": account.username != caller.actor && GridStore.manages(caller, account),
            ]
        }
        values["usernames"] = shown.filter { GridStore.manages(caller, $0) }.map {
            ["name": $0.username, "selected": $0.username == typed["reset_username"]] as [String: Any]
        }
        values["roles"] = Self.roles.map { role in
            [
                "value": role.rawValue, "name": strings["role_" + role.rawValue] ?? role.rawValue,
                "selected": typed["role"] == role.rawValue,
            ] as [String: Any]
        }
        values["picker_words"] = RegionPicker.words(strings)
        // A departmental role's scope is a department: offered as the input's suggestions.
        values["departments"] = try await store.scoped(to: caller).departments().map {
            ["code": $0.code.text, "name": $0.name]
        }
        values["notice"] = notice as Any
        values["list_error"] = listError as Any
        if let error {
            // Shown beside the form it belongs to: creating an account or resetting a password.
            values[["reset_username", "new_password"].contains(error.field) ? "reset_error" : "error"] = error.message
            values["invalid"] = [error.field: true]
        }
        return renderer.page(
            .adminAccounts, title: strings["accounts_title"] ?? "", request: request, context: context, values: values,
            status: status, scripts: ["admin-confirm.js", "region-picker.js"])
    }

    /// How each scope reads on the administration pages: the whole territory, or a region's or a
    /// department's name and code (names looked up once, within the caller's scope).
    static func scopeLabels(
        of scopes: [AccessScope], for caller: Caller, store: GridStore,
        strings: [String: String]
    ) async throws -> [AccessScope: String] {
        func code(_ scope: AccessScope) -> String? {
            switch scope {
            case .territory: nil
            case .region(let code): code.digits
            case .department(let department): department.text
            }
        }
        let names = try await store.scoped(to: caller).names(of: Set(scopes.compactMap(code)))
        return Dictionary(
            scopes.map { scope in
                (scope, code(scope).map { "\(names[$0] ?? "") \($0)" } ?? strings["whole_territory"] ?? "")
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Roles an account can be opened with here; integrations get API tokens (`gridgov token add`).
    static let roles = Role.allCases.filter { $0 != .integration }

    /// The account a creation form describes. The scope is a region code, or a department code for
    /// departmental roles; only administrators and auditors may be left without one (the whole territory).
    static func account(_ form: FormFields, strings: [String: String]) throws(FieldRefusal) -> Account {
        func text(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let username = text("username")
        let displayName = text("display_name")
        guard !username.isEmpty else { throw FieldRefusal("username", strings["required"] ?? "", strings: strings) }
        guard (try? TextRule.name.checked(displayName)) != nil else {
            throw FieldRefusal("display_name", strings["display_name_rule"] ?? "", strings: strings)
        }
        guard let role = Role(rawValue: text("role")), roles.contains(role) else {
            throw FieldRefusal("role", strings["role_choose"] ?? "", strings: strings)
        }
        let scopeText = text("scope")
        let scope: AccessScope
        if role.isDepartmental {
            do { scope = .department(try DepartmentCode(scopeText)) } catch {
                throw FieldRefusal("scope", strings["scope_department_rule"] ?? "", strings: strings)
            }
        } else if scopeText.isEmpty {
            guard [.admin, .auditor].contains(role) else {
                throw FieldRefusal("scope", strings["scope_region_rule"] ?? "", strings: strings)
            }
            scope = .territory
        } else {
            do { scope = .region(try RegionCode(scopeText)) } catch {
                throw FieldRefusal("scope", strings["scope_region_rule"] ?? "", strings: strings)
            }
        }
        return Account(username: username, displayName: displayName, role: role, scope: scope)
    }

    /// The store's refusal of an account change, as the form field at fault and a message in the
    /// page's language; `formField` is the field a scope or existence problem belongs to, `passwordField`
    /// the password's.
    static func refusal(
        _ error: StoreError, strings: [String: String], formField: String, passwordField: String = "password"
    ) throws -> FieldRefusal {
        switch error {
        case .invalid(let field, let reason):
            switch field {
            case "username":
                return FieldRefusal("username", strings["username_rule"] ?? reason.text(strings), strings: strings)
            case "password":
                return FieldRefusal(passwordField, strings["password_rule"] ?? reason.text(strings), strings: strings)
            // The page binds departmental roles to departments and the others to regions, so what is
            // left is a region or department that does not exist (the code is still in the field).
            default: return FieldRefusal(formField, strings["scope_unknown"] ?? reason.text(strings), strings: strings)
            }
        case .conflict:
            return FieldRefusal("username", strings["username_taken"] ?? "", strings: strings, status: .conflict)
        case .outOfScope:
            return FieldRefusal(formField, strings["scope_outside"] ?? "", strings: strings, status: .forbidden)
        case .notFound:
            return FieldRefusal(formField, strings["account_unknown"] ?? "", strings: strings, status: .notFound)
        case .corrupt, .engine, .configuration: throw error
        }
    }
}

import GridCore

/// An account as the store keeps it (the password only as a bcrypt hash).
public struct Account: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var scope: AccessScope
    /// 已停用: it cannot log in and has no open sessions (``GridStore/setDisabled(_:username:by:)``).
    public var disabled: Bool

    public init(username: String, displayName: String, role: Role, scope: AccessScope, disabled: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.scope = scope
        self.disabled = disabled
    }

    public var caller: Caller { Caller(actor: username, role: role, scope: scope) }
}

/// A logged-in web or API session.
public struct Session: Sendable, Hashable {
    public var account: Account
    /// Forms and cookie-authenticated writes must echo this (CSRF protection).
    public var csrfToken: String
    public var expiresAtMilliseconds: Int64
}

enum ScopeColumns {
    static func values(_ scope: AccessScope) -> (region: SQLValue, department: SQLValue) {
        switch scope {
        case .territory: (.null, .null)
        case .region(let code): (.text(code.digits), .null)
        case .department(let department): (.null, .text(department.value))
        }
    }

    static func scope(region: String?, department: String?) throws -> AccessScope {
        if let department {
            do { return .department(try DepartmentCode(department)) } catch {
                throw StoreError.corrupt(error.description)
            }
        }
        if let region {
            do { return .region(try RegionCode(region)) } catch { throw StoreError.corrupt(error.description) }
        }
        return .territory
    }

    static func json(_ scope: AccessScope) -> JSONValue {
        switch scope {
        case .territory: ["territory": true]
        case .region(let code): ["region": .string(code.digits)]
        case .department(let department): ["department": .string(department.value)]
        }
    }
}

/// The columns of the account tables, each beside where its value comes from.
enum AccountColumns {
    /// `users`, without what only logging in and administering read beside an ``Account``:
    /// `password_hash` and `created_at`, written once, and `disabled_at`.
    static let users = TableColumns<Account>([
        .init("username") { .text($0.username) },
        .init("display_name") { .text($0.displayName) },
        .init("role") { .text($0.role.rawValue) },
        .init("region_code") { ScopeColumns.values($0.scope).region },
        .init("department_code") { ScopeColumns.values($0.scope).department },
    ])

    /// `sessions`: a session's account is its `username`; the token is kept only as its digest.
    static let sessions = TableColumns<(session: Session, tokenHash: String, createdAt: Int64)>([
        .init("token_hash") { .text($0.tokenHash) },
        .init("username") { .text($0.session.account.username) },
        .init("csrf_token") { .text($0.session.csrfToken) },
        .init("created_at") { .integer($0.createdAt) },
        .init("expires_at") { .integer($0.session.expiresAtMilliseconds) },
    ])

    /// `api_tokens`, without `token_hash`, written once and only looked up by.
    static let tokens = TableColumns<APIToken>([
        .init("name") { .text($0.name) },
        .init("role") { .text($0.role.rawValue) },
        .init("region_code") { ScopeColumns.values($0.scope).region },
        .init("department_code") { ScopeColumns.values($0.scope).department },
        .init("created_at") { .integer($0.createdAtMilliseconds) },
        .init("revoked_at") { SQLValue($0.revokedAtMilliseconds) },
    ])

    static func account(_ row: NamedRow) throws -> Account {
        let roleText = try row.text("role")
        guard let role = Role(rawValue: roleText) else { throw StoreError.corrupt("role '\(roleText)'") }
        return Account(
            username: try row.text("username"), displayName: try row.text("display_name"), role: role,
            scope: try scope(row))
    }

    static func token(_ row: NamedRow) throws -> APIToken {
        guard let role = Role(rawValue: try row.text("role")) else {
            throw StoreError.corrupt("role of token \(try row.text("name"))")
        }
        return APIToken(
            name: try row.text("name"), role: role, scope: try scope(row),
            createdAtMilliseconds: try row.integer("created_at"),
            revokedAtMilliseconds: try row.optionalInteger("revoked_at"))
    }

    private static func scope(_ row: NamedRow) throws -> AccessScope {
        try ScopeColumns.scope(
            region: try row.optionalText("region_code"), department: try row.optionalText("department_code"))
    }
}

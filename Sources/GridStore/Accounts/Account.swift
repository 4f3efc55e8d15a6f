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
            do { return .department(try DepartmentCode(department)) } catch { throw StoreError.corrupt(error.description) }
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

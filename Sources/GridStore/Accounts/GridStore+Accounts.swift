import GridCore
import NIOPosix

extension GridStore {
    /// How long a login lasts without being renewed.
    public static let sessionLifetimeMilliseconds: Int64 = 8 * 3600 * 1000

    /// Creates an account. Departmental roles need a department scope, the others a region or the
    /// territory; the region or department must exist. Journaled on the territory chain.
    public func addUser(_ account: Account, password: String, by caller: Caller) async throws {
        try Self.requireManages(account, by: caller, doing: "creating account")
        try Self.validateUsername(account.username)
        let displayName = try TextRule.name.checked(account.displayName, field: "display_name")
        try Self.validatePassword(password)
        try Self.validate(role: account.role, scope: account.scope)
        let hash = Secrets.hashPassword(password)
        let at = now.epochMilliseconds
        var stored = account
        stored.displayName = displayName
        try await database.write { [stored] db in
            try Self.requireExists(account.scope, on: db)
            guard try db.queryOne("SELECT 1 FROM users WHERE username = ?", [.text(account.username)]) == nil else {
                throw StoreError.conflict("account '\(account.username)'")
            }
            try db.insertMany(
                into: "users", columns: AccountColumns.users.names + ["password_hash", "created_at"],
                rows: [AccountColumns.users.values(of: stored) + [.text(hash), .integer(at)]])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "user.add",
                    entity: "user", entityID: account.username,
                    after: [
                        "username": .string(account.username), "display_name": .string(displayName),
                        "role": .string(account.role.rawValue), "scope": ScopeColumns.json(account.scope),
                    ]),
                at: at, on: db)
        }
    }

    /// Gives an account a new password (an administrator resetting a forgotten one) and ends the
    /// account's open sessions, so whoever knew the old password is logged out. Journaled on the
    /// territory chain, without the password or its hash.
    public func setPassword(username: String, password: String, by caller: Caller) async throws {
        guard caller.role.managesAccounts else { throw StoreError.outOfScope("changing the password of '\(username)'") }
        try Self.validatePassword(password)
        let hash = Secrets.hashPassword(password)
        let at = now.epochMilliseconds
        try await database.write { db in
            try Self.requireAdministered(username, by: caller, doing: "changing the password of", on: db)
            try db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [.text(hash), .text(username)])
            try db.execute("DELETE FROM sessions WHERE username = ?", [.text(username)])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "user.password",
                    entity: "user", entityID: username, after: ["username": .string(username)]),
                at: at, on: db)
        }
    }

    /// 停用 / 启用: disables an account (its holder left, a phone was lost) or enables it again. A
    /// disabled account cannot log in and its open sessions end at once; it is kept, so the cases and
    /// journal entries it made still name it. Nobody may disable their own account: a county's last
    /// administrator could lock everyone out. Journaled on the territory chain.
    public func setDisabled(_ disabled: Bool, username: String, by caller: Caller) async throws {
        let action = disabled ? "disabling" : "enabling"
        guard caller.role.managesAccounts else { throw StoreError.outOfScope("\(action) account '\(username)'") }
        guard caller.actor != username else {
            throw StoreError.invalid(field: "username", reason: "you cannot disable or enable your own account")
        }
        let at = now.epochMilliseconds
        try await database.write { db in
            try Self.requireAdministered(username, by: caller, doing: "\(action) account", on: db)
            try db.execute(
                "UPDATE users SET disabled_at = ? WHERE username = ?",
                [disabled ? .integer(at) : .null, .text(username)])
            if disabled { try db.execute("DELETE FROM sessions WHERE username = ?", [.text(username)]) }
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor,
                    action: disabled ? "user.disable" : "user.enable",
                    entity: "user", entityID: username,
                    after: ["username": .string(username), "disabled": .bool(disabled)]),
                at: at, on: db)
        }
    }

    /// Adds or renames line departments; journaled on their counties' chains.
    public func saveDepartments(_ departments: [(code: DepartmentCode, name: String)], by caller: Caller) async throws {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing departments")
        }
        let departments = try departments.map { department in
            (code: department.code, name: try TextRule.name.checked(department.name, field: "name"))
        }
        let at = now.epochMilliseconds
        try await database.write { db in
            for department in departments {
                try db.execute(
                    """
                    INSERT INTO departments (county_code, code, name, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (county_code, code) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
                    """,
                    [
                        .text(department.code.countyCode), .text(department.code.value), .text(department.name),
                        .integer(at),
                    ])
                try Journal.append(
                    JournalChange(
                        chain: department.code.countyCode, actor: caller.actor, action: "department.save",
                        entity: "department", entityID: department.code.value,
                        after: ["code": .string(department.code.value), "name": .string(department.name)]),
                    at: at, on: db)
            }
        }
    }

    /// Checks a user name and password; on success opens a session and returns it with its token.
    /// A wrong password, an unknown user and a disabled account answer the same `nil`, so names
    /// cannot be probed.
    /// Checks a password against its bcrypt hash; the server passes one that takes its turn at the
    /// global cap on password checks.
    public typealias PasswordVerifier = @Sendable (_ password: String, _ hash: String) async throws -> Bool

    /// bcrypt on NIO's blocking pool: tens of milliseconds of a core must not hold a thread of the
    /// concurrency pool, which every other request of the server shares.
    public static let verifyOnThreadPool: PasswordVerifier = { password, hash in
        try await NIOThreadPool.singleton.runIfActive { Secrets.verifyPassword(password, hash: hash) }
    }

    /// Whether `name` could be a user name at all (2–32 of a–z, 0–9, `.`, `_`, `-`): one that cannot
    /// needs no password check to be refused.
    public static func isPossibleUsername(_ name: String) -> Bool { (try? validateUsername(name)) != nil }

    public func logIn(
        username: String, password: String,
        verify: PasswordVerifier = GridStore.verifyOnThreadPool
    ) async throws -> (token: String, session: Session)? {
        let row = try await database.read { db in
            try db.queryOne(
                "SELECT \(AccountColumns.users.selectList), password_hash FROM users WHERE username = ? AND disabled_at IS NULL",
                [.text(username)]
            ).map { AccountColumns.users.row($0, extra: ["password_hash"]) }
        }
        // Same cost for an unknown name as for a real check, so timing does not tell which names exist.
        let hash = try row?.text("password_hash") ?? Self.decoyHash
        let matches = try await verify(password, hash)
        guard let row, matches else { return nil }
        let account = try AccountColumns.account(row)
        let token = Secrets.newToken(prefix: "gs_")
        let csrf = Secrets.newToken(prefix: "")
        let at = now.epochMilliseconds
        let session = Session(
            account: account, csrfToken: csrf, expiresAtMilliseconds: at + Self.sessionLifetimeMilliseconds)
        try await database.write { db in
            try db.execute("DELETE FROM sessions WHERE expires_at < ?", [.integer(at)])
            try db.insertMany(
                into: "sessions", columns: AccountColumns.sessions.names,
                rows: [
                    AccountColumns.sessions.values(
                        of: (session: session, tokenHash: Secrets.digest(token), createdAt: at))
                ])
        }
        return (token, session)
    }

    /// The live session a session token names, if it has not expired.
    public func session(token: String) async throws -> Session? {
        let at = now.epochMilliseconds
        guard
            let row = try await database.read({ db in
                try db.queryOne(
                    """
                    SELECT \(AccountColumns.users.selectList(qualifiedBy: "u")), s.csrf_token, s.expires_at
                    FROM sessions s JOIN users u ON u.username = s.username
                    WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL
                    """, [.text(Secrets.digest(token)), .integer(at)])
            })
        else { return nil }
        let named = AccountColumns.users.row(row, extra: ["csrf_token", "expires_at"])
        return Session(
            account: try AccountColumns.account(named), csrfToken: try named.text("csrf_token"),
            expiresAtMilliseconds: try named.integer("expires_at"))
    }

    public func logOut(token: String) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM sessions WHERE token_hash = ?", [.text(Secrets.digest(token))])
        }
    }

    /// Every account, for administrators (bounded by their scope).
    public func accounts(visibleTo caller: Caller) async throws -> [Account] {
        guard caller.role.managesAccounts else { throw StoreError.outOfScope("listing accounts") }
        let rows = try await database.read { db in
            try db.query("SELECT \(AccountColumns.users.selectList), disabled_at FROM users ORDER BY username", [])
        }
        return try rows.map { row in
            let named = AccountColumns.users.row(row, extra: ["disabled_at"])
            var account = try AccountColumns.account(named)
            account.disabled = try named.optionalInteger("disabled_at") != nil
            return account
        }
        .filter { caller.scope.covers($0.scope) }
    }

    /// Refuses a change to an account that does not exist or that the caller does not manage
    /// (``manages(_:_:)``). `doing` begins the refusal, e.g. "changing the password of" →
    /// "changing the password of 'w9'".
    static func requireAdministered(_ username: String, by caller: Caller, doing: String, on db: any SQLConnection)
        throws
    {
        guard
            let row = try db.queryOne(
                "SELECT \(AccountColumns.users.selectList) FROM users WHERE username = ?", [.text(username)])
        else { throw StoreError.notFound("account '\(username)'") }
        try requireManages(try AccountColumns.account(AccountColumns.users.row(row)), by: caller, doing: doing)
    }

    /// Whether `caller` may open, change or disable `account`. Administrators manage the accounts
    /// their scope covers, but another administrator only from a wider scope, so two administrators
    /// of one county cannot take each other over; the territory's administrators manage everyone,
    /// and each administrator its own account (its password).
    public static func manages(_ caller: Caller, _ account: Account) -> Bool {
        guard caller.role.managesAccounts, caller.scope.covers(account.scope) else { return false }
        guard account.role.managesAccounts, account.username != caller.actor, caller.scope != .territory else {
            return true
        }
        return caller.scope.isWider(than: account.scope)
    }

    /// Refuses `doing` to `account` unless `caller` manages it, saying why.
    static func requireManages(_ account: Account, by caller: Caller, doing: String) throws(StoreError) {
        guard caller.role.managesAccounts, caller.scope.covers(account.scope) else {
            throw .outOfScope("\(doing) '\(account.username)'")
        }
        guard manages(caller, account) else {
            throw .outOfScope(
                "\(doing) '\(account.username)', an administrator of the same scope (only an administrator of a wider scope may)"
            )
        }
    }

    static let decoyHash = Secrets.hashPassword("decoy-password-for-timing")

    static func validateUsername(_ name: String) throws(StoreError) {
        let allowed = name.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D
        }
        guard (2...32).contains(name.utf8.count), allowed else {
            throw .invalid(field: "username", reason: "must be 2–32 of a–z, 0–9, '.', '_', '-'")
        }
    }

    static func validatePassword(_ password: String) throws(StoreError) {
        guard password.count >= 4 else { throw .invalid(field: "password", reason: "must have at least 4 characters") }
    }

    static func validate(role: Role, scope: AccessScope) throws(StoreError) {
        switch (role.isDepartmental, scope) {
        case (true, .department), (false, .territory), (false, .region): return
        case (true, _):
            throw .invalid(field: "department", reason: "role \(role.rawValue) must be bound to a department")
        case (false, .department):
            throw .invalid(field: "region", reason: "role \(role.rawValue) must be bound to a region, not a department")
        }
    }

    static func requireExists(_ scope: AccessScope, on db: any SQLConnection) throws {
        switch scope {
        case .territory: return
        case .region(let code):
            guard try RegionQueries.find(code, on: db) != nil else {
                throw StoreError.invalid(field: "region", reason: "unknown region \(code)")
            }
        case .department(let department):
            guard
                try db.queryOne(
                    "SELECT 1 FROM departments WHERE county_code = ? AND code = ?",
                    [.text(department.countyCode), .text(department.value)]) != nil
            else { throw StoreError.invalid(field: "department", reason: "unknown department \(department)") }
        }
    }
}

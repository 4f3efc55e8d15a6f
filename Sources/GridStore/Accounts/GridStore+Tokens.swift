import GridCore

/// An API token as administrators see it: never the token itself, which is shown once when it is
/// made and stored only as a digest.
public struct APIToken: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var scope: AccessScope
    public var createdAtMilliseconds: Int64
    /// 已吊销: when it was revoked; a revoked token is refused and cannot be brought back.
    public var revokedAtMilliseconds: Int64?
}

extension GridStore {
    /// How long a server trusts what it last read about a token. Integrations call many times a
    /// second, so a token is not looked up on every request; this bounds how long a token revoked
    /// from another process (`gridgov token revoke`, another server on the same PostgreSQL) still
    /// works here. The server that revokes forgets the token at once.
    public static let tokenCacheLifetimeMilliseconds: Int64 = 5_000

    /// Creates an API token for an integration and returns it; only its hash is stored.
    public func addToken(name: String, role: Role, scope: AccessScope, by caller: Caller) async throws -> String {
        guard caller.role.managesAccounts, caller.scope.covers(scope) else {
            throw StoreError.outOfScope("creating token '\(name)'")
        }
        let name = try TextRule.name.checked(name, field: "name")
        try Self.validate(role: role, scope: scope)
        let token = Secrets.newToken(prefix: "gt_")
        let at = now.epochMilliseconds
        let record = APIToken(
            name: name, role: role, scope: scope, createdAtMilliseconds: at, revokedAtMilliseconds: nil)
        try await database.write { db in
            try Self.requireExists(scope, on: db)
            guard try db.queryOne("SELECT 1 FROM api_tokens WHERE name = ?", [.text(name)]) == nil else {
                throw StoreError.conflict("token '\(name)'")
            }
            try db.insertMany(
                into: "api_tokens", columns: AccountColumns.tokens.names + ["token_hash"],
                rows: [AccountColumns.tokens.values(of: record) + [.text(Secrets.digest(token))]])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "token.add",
                    entity: "api_token", entityID: name,
                    after: ["name": .string(name), "role": .string(role.rawValue), "scope": ScopeColumns.json(scope)]),
                at: at, on: db)
        }
        return token
    }

    /// 吊销: revokes a token (leaked, or its device retired) for good. Its row stays, so the cases
    /// and journal entries it made still name it, and its name is not given to another token.
    /// Revoking a revoked token changes nothing. Administrators whose scope covers the token's may
    /// do it; journaled on the territory chain.
    public func revokeToken(name: String, by caller: Caller) async throws {
        guard caller.role.managesAccounts else { throw StoreError.outOfScope("revoking token '\(name)'") }
        let at = now.epochMilliseconds
        try await database.write { db in
            guard
                let row = try db.queryOne(
                    "SELECT \(AccountColumns.tokens.selectList) FROM api_tokens WHERE name = ?", [.text(name)])
            else {
                throw StoreError.notFound("token '\(name)'")
            }
            let stored = try AccountColumns.token(AccountColumns.tokens.row(row))
            guard caller.scope.covers(stored.scope) else { throw StoreError.outOfScope("revoking token '\(name)'") }
            guard stored.revokedAtMilliseconds == nil else { return }
            try db.execute("UPDATE api_tokens SET revoked_at = ? WHERE name = ?", [.integer(at), .text(name)])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "token.revoke",
                    entity: "api_token", entityID: name, after: ["name": .string(name), "revoked": .bool(true)]),
                at: at, on: db)
        }
        let actor = "token:" + name
        tokenCache.withLock { cache in cache = cache.filter { $0.value.0.actor != actor } }
    }

    /// The tokens whose scope lies within the administrator's, by name.
    public func tokens(visibleTo caller: Caller) async throws -> [APIToken] {
        guard caller.role.managesAccounts else { throw StoreError.outOfScope("listing tokens") }
        let rows = try await database.read { db in
            try db.query("SELECT \(AccountColumns.tokens.selectList) FROM api_tokens ORDER BY name", [])
        }
        return try rows.map { try AccountColumns.token(AccountColumns.tokens.row($0)) }
            .filter { caller.scope.covers($0.scope) }
    }

    /// The caller a live API token stands for; `nil` for an unknown or revoked token. What was read
    /// is trusted for ``tokenCacheLifetimeMilliseconds``.
    public func caller(apiToken token: String) async throws -> Caller? {
        let digest = Secrets.digest(token)
        let at = now.epochMilliseconds
        if let (caller, loadedAt) = tokenCache.withLock({ $0[digest] }), at >= loadedAt,
            at - loadedAt < Self.tokenCacheLifetimeMilliseconds
        {
            return caller
        }
        guard
            let row = try await database.read({ db in
                try db.queryOne(
                    "SELECT \(AccountColumns.tokens.selectList) FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                    [.text(digest)])
            })
        else {
            tokenCache.withLock { _ = $0.removeValue(forKey: digest) }
            return nil
        }
        let stored = try AccountColumns.token(AccountColumns.tokens.row(row))
        let caller = Caller(actor: "token:" + stored.name, role: stored.role, scope: stored.scope)
        tokenCache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = (caller, at)
        }
        return caller
    }
}

import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: accounts, sessions, tokens")
struct AccountStoreTests {
    @Test("a user logs in with the right password only, and the session expires", arguments: Backend.available)
    func sessions(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            #expect(try await test.store.logIn(username: "worker", password: "wrong") == nil)
            #expect(try await test.store.logIn(username: "nobody", password: "demo") == nil)
            let (token, session) = try #require(try await test.store.logIn(username: "worker", password: "demo"))
            #expect(session.account.role == .worker)
            #expect(session.account.scope == .region(try RegionCode("330106001001001")))
            #expect(try await test.store.session(token: token)?.account.username == "worker")
            test.clock.advance(by: Double(GridStore.sessionLifetimeMilliseconds) / 1000 + 1)
            #expect(try await test.store.session(token: token) == nil, "expired")
            let (second, _) = try #require(try await test.store.logIn(username: "worker", password: "demo"))
            try await test.store.logOut(token: second)
            #expect(try await test.store.session(token: second) == nil, "logged out")
        }
    }

    @Test(
        "a disabled account cannot log in and its sessions end; only an admin over it may disable it, never their own",
        arguments: Backend.available)
    func disabledAccounts(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let (token, _) = try #require(try await store.logIn(username: "worker", password: "demo"))
            let otherCountyAdmin = Caller(actor: "cadmin", role: .admin, scope: .region(try RegionCode("330106002")))
            await #expect(throws: StoreError.outOfScope("disabling account 'worker'")) {
                try await store.setDisabled(true, username: "worker", by: otherCountyAdmin)
            }
            let center = Caller(actor: "center", role: .centre, scope: .region(try RegionCode("330106")))
            await #expect(throws: StoreError.outOfScope("disabling account 'worker'")) {
                try await store.setDisabled(true, username: "worker", by: center)
            }
            await #expect(
                throws: StoreError.invalid(field: "username", reason: "you cannot disable or enable your own account")
            ) {
                try await store.setDisabled(
                    true, username: "admin", by: Caller(actor: "admin", role: .admin, scope: .territory))
            }
            await #expect(throws: StoreError.notFound("account 'nobody'")) {
                try await store.setDisabled(true, username: "nobody", by: .system("test"))
            }
            #expect(try await store.session(token: token) != nil, "the refusals changed nothing")

            let countyAdmin = Caller(actor: "cadmin", role: .admin, scope: .region(try RegionCode("330106")))
            try await store.setDisabled(true, username: "worker", by: countyAdmin)
            #expect(try await store.session(token: token) == nil, "the open session ended")
            #expect(try await store.logIn(username: "worker", password: "demo") == nil)
            #expect(
                try await store.accounts(visibleTo: countyAdmin).first { $0.username == "worker" }?.disabled == true)

            try await store.setDisabled(false, username: "worker", by: countyAdmin)
            #expect(try await store.logIn(username: "worker", password: "demo") != nil)
            #expect(
                try await store.accounts(visibleTo: countyAdmin).first { $0.username == "worker" }?.disabled == false)
            let journal = try await Journal.entries(of: JournalEntry.territoryChain, in: store.database)
            #expect(journal.suffix(2).map(\.action) == ["user.disable", "user.enable"])
        }
    }

    @Test(
        "accounts are checked: names, roles fit scopes, regions exist, only admins within scope",
        arguments: Backend.available)
    func accountRules(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let system = Caller.system("test")
            let grid = AccessScope.region(try RegionCode("330106001001001"))
            await #expect(throws: StoreError.conflict("account 'worker'")) {
                try await test.store.addUser(
                    Account(username: "worker", displayName: "x", role: .worker, scope: grid), password: "pass",
                    by: system)
            }
            await #expect(
                throws: StoreError.invalid(field: "username", reason: "must be 2–32 of a–z, 0–9, '.', '_', '-'")
            ) {
                try await test.store.addUser(
                    Account(username: "Bad Name", displayName: "x", role: .worker, scope: grid), password: "pass",
                    by: system)
            }
            await #expect(
                throws: StoreError.invalid(field: "department", reason: "role dept must be bound to a department")
            ) {
                try await test.store.addUser(
                    Account(username: "d2", displayName: "x", role: .dept, scope: grid), password: "pass", by: system)
            }
            await #expect(throws: StoreError.invalid(field: "department", reason: "unknown department 330106-ZZ")) {
                try await test.store.addUser(
                    Account(
                        username: "d2", displayName: "x", role: .dept,
                        scope: .department(try DepartmentCode("330106-ZZ"))), password: "pass", by: system)
            }
            await #expect(throws: StoreError.invalid(field: "region", reason: "unknown region 330106011011001")) {
                try await test.store.addUser(
                    Account(
                        username: "w9", displayName: "x", role: .worker,
                        scope: .region(try RegionCode("330106011011001"))), password: "pass", by: system)
            }
            let countyAdmin = Caller(actor: "cadmin", role: .admin, scope: .region(try RegionCode("330106001")))
            await #expect(throws: StoreError.outOfScope("creating account 'w3'")) {
                try await test.store.addUser(
                    Account(
                        username: "w3", displayName: "x", role: .worker,
                        scope: .region(try RegionCode("330106002001001"))), password: "pass", by: countyAdmin)
            }
            let center = Caller(actor: "center", role: .centre, scope: .region(try RegionCode("330106")))
            await #expect(throws: StoreError.outOfScope("creating account 'w4'")) {
                try await test.store.addUser(
                    Account(username: "w4", displayName: "x", role: .worker, scope: grid), password: "pass", by: center)
            }
            try await test.store.addUser(
                Account(username: "w5", displayName: "x", role: .worker, scope: grid), password: "pass", by: countyAdmin
            )
            #expect(
                try await test.store.accounts(visibleTo: countyAdmin).map(\.username) == [
                    "gridleader", "station", "street", "w5", "worker", "worker2",
                ])
        }
    }

    @Test("API tokens stand for their role and scope; only their hash is stored", arguments: Backend.available)
    func tokens(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let token = try await test.store.addToken(
                name: "smoke-sensors", role: .integration, scope: .region(try RegionCode("330106")), by: .system("t"))
            #expect(token.hasPrefix("gt_"))
            let caller = try #require(try await test.store.caller(apiToken: token))
            #expect(
                caller
                    == Caller(
                        actor: "token:smoke-sensors", role: .integration, scope: .region(try RegionCode("330106"))))
            #expect(try await test.store.caller(apiToken: "gt_forged") == nil)
            let stored = try await test.store.database.read { db in
                try db.query("SELECT token_hash FROM api_tokens", []).map { try $0.text(0) }
            }
            #expect(!stored.contains(token))
        }
    }

    @Test(
        "a revoked token is refused at once here and within the cache lifetime elsewhere; only an admin over it may revoke it",
        arguments: Backend.available)
    func revokedTokens(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let county = AccessScope.region(try RegionCode("330106"))
            let sensors = try await store.addToken(
                name: "smoke-sensors", role: .integration, scope: county, by: .system("t"))
            let camera = try await store.addToken(
                name: "camera", role: .integration, scope: .region(try RegionCode("330106001")), by: .system("t"))
            #expect(try await store.caller(apiToken: sensors) != nil)

            let townAdmin = Caller(actor: "tadmin", role: .admin, scope: .region(try RegionCode("330106001")))
            await #expect(throws: StoreError.outOfScope("revoking token 'smoke-sensors'")) {
                try await store.revokeToken(name: "smoke-sensors", by: townAdmin)
            }
            let center = Caller(actor: "center", role: .centre, scope: county)
            await #expect(throws: StoreError.outOfScope("revoking token 'camera'")) {
                try await store.revokeToken(name: "camera", by: center)
            }
            await #expect(throws: StoreError.notFound("token 'nobody'")) {
                try await store.revokeToken(name: "nobody", by: .system("t"))
            }
            #expect(try await store.caller(apiToken: sensors) != nil, "the refusals changed nothing")
            #expect(
                try await store.tokens(visibleTo: townAdmin).map(\.name) == ["camera"], "the list is bounded by scope")
            await #expect(throws: StoreError.outOfScope("listing tokens")) { try await store.tokens(visibleTo: center) }

            let countyAdmin = Caller(actor: "cadmin", role: .admin, scope: county)
            try await store.revokeToken(name: "smoke-sensors", by: countyAdmin)
            #expect(try await store.caller(apiToken: sensors) == nil, "refused at once, although it was just read")
            try await store.revokeToken(name: "smoke-sensors", by: countyAdmin)
            let listed = try await store.tokens(visibleTo: countyAdmin)
            #expect(listed.map(\.name) == ["camera", "smoke-sensors"])
            #expect(listed.map { $0.revokedAtMilliseconds != nil } == [false, true])
            let journal = try await Journal.entries(of: JournalEntry.territoryChain, in: store.database)
            #expect(
                journal.filter { $0.action == "token.revoke" }.map(\.entityID) == ["smoke-sensors"],
                "revoking twice is journaled once")
            await #expect(throws: StoreError.conflict("token 'smoke-sensors'")) {
                _ = try await store.addToken(name: "smoke-sensors", role: .integration, scope: county, by: .system("t"))
            }

            // Another process (the CLI, another server) revokes behind this store's back: this
            // store trusts what it read for the cache lifetime, and no longer.
            #expect(try await store.caller(apiToken: camera) != nil)
            try await store.database.write { db in
                try db.execute("UPDATE api_tokens SET revoked_at = 1 WHERE name = 'camera'", [])
            }
            test.clock.advance(by: Double(GridStore.tokenCacheLifetimeMilliseconds) / 1000)
            #expect(try await store.caller(apiToken: camera) == nil)
        }
    }

    @Test("migrations run once, however often the store is opened", arguments: Backend.available)
    func migrations(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            #expect(try await Migrations.run(on: test.store.database, now: 0) == [])
            let versions = try await test.store.database.read { db in
                try db.query("SELECT version FROM schema_migrations", []).count
            }
            #expect(versions == Migrations.all.count)
        }
    }
}

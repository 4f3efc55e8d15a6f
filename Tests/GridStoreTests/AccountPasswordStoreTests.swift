import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: password resets")
struct AccountPasswordStoreTests {
    @Test(
        "an admin resets a password within scope: the old one and its sessions end, the journal names the account only",
        arguments: Backend.available)
    func reset(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let (oldToken, _) = try #require(try await store.logIn(username: "worker", password: "demo"))
            let streetAdmin = Caller(actor: "streetadmin", role: .admin, scope: .region(try RegionCode("330106001")))
            try await store.setPassword(username: "worker", password: "fresh-one", by: streetAdmin)
            #expect(try await store.logIn(username: "worker", password: "demo") == nil)
            #expect(try await store.logIn(username: "worker", password: "fresh-one") != nil)
            #expect(try await store.session(token: oldToken) == nil, "sessions opened with the old password ended")

            let entry = try #require(
                try await Journal.entries(of: JournalEntry.territoryChain, in: store.database).last)
            #expect(entry.action == "user.password" && entry.actor == "streetadmin" && entry.entityID == "worker")
            #expect(!entry.after.canonicalText.contains("fresh-one"))
            #expect(try await Journal.verify(store.database).entries > 0, "the chains stay whole")
        }
    }

    @Test(
        "resets are refused out of scope, for other roles, for unknown accounts and for short passwords; nothing changes",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let streetAdmin = Caller(actor: "streetadmin", role: .admin, scope: .region(try RegionCode("330106001")))
            await #expect(
                throws: StoreError.outOfScope("changing the password of 'center'"),
                "the county's account is above the street"
            ) {
                try await store.setPassword(username: "center", password: "taken-over", by: streetAdmin)
            }
            let center = Caller(actor: "center", role: .centre, scope: .region(try RegionCode("330106")))
            await #expect(throws: StoreError.outOfScope("changing the password of 'worker'")) {
                try await store.setPassword(username: "worker", password: "taken-over", by: center)
            }
            await #expect(throws: StoreError.notFound("account 'nobody'")) {
                try await store.setPassword(username: "nobody", password: "whatever", by: .system("t"))
            }
            await #expect(throws: StoreError.invalid(field: "password", reason: "must have at least 4 characters")) {
                try await store.setPassword(username: "worker", password: "abc", by: .system("t"))
            }
            for username in ["center", "worker"] {
                #expect(
                    try await store.logIn(username: username, password: "demo") != nil, "\(username) keeps its password"
                )
            }
        }
    }

    @Test(
        "an administrator manages administrators of a narrower scope only; peers cannot take each other over",
        arguments: Backend.available)
    func peerAdministrators(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let county = AccessScope.region(try RegionCode("330106"))
            for name in ["cadmin1", "cadmin2"] {
                try await store.addUser(
                    Account(username: name, displayName: name, role: .admin, scope: county), password: "demo",
                    by: .system("t"))
            }
            try await store.addUser(
                Account(
                    username: "sadmin", displayName: "sadmin", role: .admin, scope: .region(try RegionCode("330106001"))
                ),
                password: "demo", by: .system("t"))
            try await store.addUser(
                Account(
                    username: "cityadmin", displayName: "cityadmin", role: .admin,
                    scope: .region(try RegionCode("330100"))),
                password: "demo", by: .system("t"))
            let first = Caller(actor: "cadmin1", role: .admin, scope: county)
            let peer =
                "changing the password of 'cadmin2', an administrator of the same scope (only an administrator of a wider scope may)"
            await #expect(throws: StoreError.outOfScope(peer)) {
                try await store.setPassword(username: "cadmin2", password: "taken-over", by: first)
            }
            await #expect(
                throws: StoreError.outOfScope(
                    "disabling account 'cadmin2', an administrator of the same scope (only an administrator of a wider scope may)"
                )
            ) {
                try await store.setDisabled(true, username: "cadmin2", by: first)
            }
            await #expect(
                throws: StoreError.outOfScope(
                    "creating account 'cadmin3', an administrator of the same scope (only an administrator of a wider scope may)"
                )
            ) {
                try await store.addUser(
                    Account(username: "cadmin3", displayName: "c3", role: .admin, scope: county), password: "demo",
                    by: first)
            }
            #expect(
                try await store.logIn(username: "cadmin2", password: "demo") != nil,
                "the peer keeps its password and stays enabled")

            // Narrower administrators, other accounts of the scope and one's own password stay in reach.
            try await store.setPassword(username: "sadmin", password: "fresh-one", by: first)
            try await store.setDisabled(true, username: "sadmin", by: first)
            try await store.setPassword(username: "worker", password: "fresh-one", by: first)
            try await store.setPassword(username: "cadmin1", password: "fresh-one", by: first)
            #expect(try await store.logIn(username: "cadmin1", password: "fresh-one") != nil)
            // A wider administrator, and the territory's, manage the county's.
            try await store.setPassword(
                username: "cadmin2", password: "fresh-two",
                by: Caller(actor: "cityadmin", role: .admin, scope: .region(try RegionCode("330100"))))
            try await store.setDisabled(
                true, username: "cadmin2", by: Caller(actor: "admin", role: .admin, scope: .territory))
            #expect(
                try await store.logIn(username: "cadmin2", password: "fresh-two") == nil,
                "disabled by the territory's administrator")
            let territory = Caller(actor: "admin", role: .admin, scope: .territory)
            try await store.setPassword(username: "cityadmin", password: "fresh-three", by: territory)
            try await store.addUser(
                Account(username: "admin2", displayName: "admin2", role: .admin, scope: .territory), password: "demo",
                by: territory)
            try await store.setPassword(username: "admin2", password: "fresh-four", by: territory)
        }
    }
}

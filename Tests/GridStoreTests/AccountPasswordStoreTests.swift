import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: password resets")
struct AccountPasswordStoreTests {
    @Test("an admin resets a password within scope: the old one and its sessions end, the journal names the account only",
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

            let entry = try #require(try await Journal.entries(of: JournalEntry.territoryChain, in: store.database).last)
            #expect(entry.action == "user.password" && entry.actor == "streetadmin" && entry.entityID == "worker")
            #expect(!entry.after.canonicalText.contains("fresh-one"))
            #expect(try await Journal.verify(store.database).entries > 0, "the chains stay whole")
        }
    }

    @Test("resets are refused out of scope, for other roles, for unknown accounts and for short passwords; nothing changes",
          arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let streetAdmin = Caller(actor: "streetadmin", role: .admin, scope: .region(try RegionCode("330106001")))
            await #expect(throws: StoreError.outOfScope("changing the password of 'center'"), "the county's account is above the street") {
                try await store.setPassword(username: "center", password: "taken-over", by: streetAdmin)
            }
            let center = Caller(actor: "center", role: .center, scope: .region(try RegionCode("330106")))
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
                #expect(try await store.logIn(username: username, password: "demo") != nil, "\(username) keeps its password")
            }
        }
    }
}

import Foundation
import GridCore
import GridStore
import HummingbirdTesting
import Testing

@testable import GridServer

/// Looking people up by number is journaled (who, by which kind of number, whom it found — never
/// the number) and limited per account.
@Suite("API: person lookups")
struct PersonLookupTests {
    @Test("a lookup leaves a journal entry without the number; the 121st in ten minutes is 429")
    func auditedAndLimited() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = Caller(actor: "admin", role: .admin, scope: .territory)
            _ = try await harness.test.store.importPeople(
                utf8OrGBK: Array("姓名,公民身份号码,网格编码\n张三,33010619850612004X,330106001001001\n".utf8),
                source: "p.csv", by: admin)
            let token = try await client.logIn("worker")
            let body = #"{"id_number":"33010619850612004X"}"#
            let found = try await client.call(.post, "/api/v1/people/lookup", token: token, body: body)
            #expect(found.status == .ok && found.json["people"]?.arrayValue?.count == 1)
            let journal = try await Journal.entries(of: "330106", in: harness.test.store.database)
            let entry = try #require(journal.last { $0.action == "person.lookup" })
            #expect(entry.actor == "worker" && entry.after.objectValue?["by"] == "id_number")
            #expect(!entry.after.canonicalText.contains("33010619850612004X") && !entry.entityID.contains("330106198"))
            for _ in 1..<120 {
                _ = try await client.call(.post, "/api/v1/people/lookup", token: token, body: body)
            }
            let limited = try await client.call(.post, "/api/v1/people/lookup", token: token, body: body)
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(limited.errorCode == "too_many_lookups")
            // Another account is not held back by this one.
            let other = try await client.call(
                .post, "/api/v1/people/lookup", token: try await client.logIn("center"), body: body)
            #expect(other.status == .ok)
        }
    }
}

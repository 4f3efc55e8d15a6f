import GridCore
import GridStore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// A phone that lost the answer sends again with the same `Idempotency-Key`: it gets the first
/// answer, and nothing is done twice.
@Suite("API: Idempotency-Key")
struct IdempotencyTests {
    static let key = IdempotencyMiddleware.header

    @Test("a report sent twice with one key is one case; the repeat is marked replayed; another key is another case")
    func reportOnce() async throws {
        try await APIHarness.with { harness, client in
            let token = try await client.logIn("worker")
            let (lat, lng) = try await CaseAPITests.seat(client, token)
            let body = #"{"category":"HJ01","description":"垃圾堆放","lat":\#(lat),"lng":\#(lng)}"#
            let first = try await client.call(
                .post, "/api/v1/cases", token: token, headers: [Self.key: "\"4f1c-visit-1\""], body: body)
            #expect(first.status == .created && first.headers[IdempotencyMiddleware.replayedHeader] == nil)
            let again = try await client.call(
                .post, "/api/v1/cases", token: token, headers: [Self.key: "4f1c-visit-1"], body: body)
            #expect(again.status == .created && again.headers[IdempotencyMiddleware.replayedHeader] == "true")
            #expect(
                again.json["number"] == first.json["number"] && again.headers[.location] == first.headers[.location])
            let other = try await client.call(
                .post, "/api/v1/cases", token: token, headers: [Self.key: "4f1c-visit-2"], body: body)
            #expect(other.status == .created && other.json["number"] != first.json["number"])
            // The key is the caller's own: another account's same key is its own request.
            let leader = try await client.logIn("gridleader")
            let theirs = try await client.call(
                .post, "/api/v1/cases", token: leader, headers: [Self.key: "4f1c-visit-1"], body: body)
            #expect(theirs.status == .created && theirs.json["number"] != first.json["number"])
            var query = CaseQuery()
            query.limit = 100
            let cases = try await harness.test.store.scoped(to: .system("t")).cases(query).cases
            #expect(cases.count == 3)
        }
    }

    @Test("the same key sent elsewhere is 422; a bad key is 400; a refused request is judged again")
    func misuse() async throws {
        try await APIHarness.with { _, client in
            let token = try await client.logIn("worker")
            let (lat, lng) = try await CaseAPITests.seat(client, token)
            let bad = #"{"category":"NOPE","description":"x","lat":\#(lat),"lng":\#(lng)}"#
            let refused = try await client.call(
                .post, "/api/v1/cases", token: token, headers: [Self.key: "k1"], body: bad)
            #expect(refused.status == .badRequest)
            let good = #"{"category":"HJ01","description":"垃圾","lat":\#(lat),"lng":\#(lng)}"#
            let done = try await client.call(
                .post, "/api/v1/cases", token: token, headers: [Self.key: "k1"], body: good)
            #expect(done.status == .created, "the refusal was not kept")
            let elsewhere = try await client.call(
                .post, "/api/v1/visits", token: token, headers: [Self.key: "k1"],
                body: #"{"person_id":"x","county":"330106"}"#)
            #expect(elsewhere.status == .unprocessableContent && elsewhere.errorCode == "idempotency_key_reused")
            for key in ["", "含中文", String(repeating: "a", count: 256)] {
                let result = try await client.call(
                    .post, "/api/v1/cases", token: token, headers: [Self.key: key], body: good)
                #expect(result.status == .badRequest && result.errorField == "Idempotency-Key", "\(key)")
            }
        }
    }

    @Test("an answer is kept for 48 hours, then forgotten")
    func window() async throws {
        let clock = TestClock()
        try await TestStore.with(.sqlite, clock: clock) { test in
            let answer = IdempotentAnswer(
                fingerprint: "f", status: 201, headers: ["Content-Type": "application/json"], body: "{}")
            try await test.store.keepIdempotentAnswer(answer, owner: "worker", key: "k")
            #expect(try await test.store.idempotentAnswer(owner: "worker", key: "k") == answer)
            #expect(try await test.store.idempotentAnswer(owner: "leader", key: "k") == nil)
            clock.advance(by: 49 * 3600)
            #expect(try await test.store.idempotentAnswer(owner: "worker", key: "k") == nil)
        }
    }
}

import Foundation
import GridCore

/// The answer first given to a request sent with an `Idempotency-Key` (IETF draft
/// `draft-ietf-httpapi-idempotency-key-header`), kept so a repeat gets it again without the
/// request being done twice.
public struct IdempotentAnswer: Sendable, Hashable {
    /// A digest of the request (method and address): the same key with another request is refused.
    public var fingerprint: String
    public var status: Int
    /// The headers that belong to the answer rather than to its sending (`Content-Type`, `Location`).
    public var headers: [String: String]
    public var body: String

    public init(fingerprint: String, status: Int, headers: [String: String], body: String) {
        (self.fingerprint, self.status, self.headers, self.body) = (fingerprint, status, headers, body)
    }
}

extension GridStore {
    /// How long an answer is kept: a phone queues a day's work at most before it finds a signal.
    public static let idempotencyWindowMilliseconds: Int64 = 48 * 3600 * 1000

    /// The answer kept for `key` sent by `owner`, if it is still within the window.
    public func idempotentAnswer(owner: String, key: String) async throws -> IdempotentAnswer? {
        let since = now.epochMilliseconds - Self.idempotencyWindowMilliseconds
        return try await database.read { db in
            try db.queryOne(
                """
                SELECT fingerprint, status, headers, body FROM idempotency_keys
                WHERE owner = ? AND idempotency_key = ? AND created_at >= ?
                """, [.text(owner), .text(key), .integer(since)]
            ).map { row in
                IdempotentAnswer(
                    fingerprint: try row.text(0), status: Int(try row.integer(1)),
                    headers: (try? JSONValue.parse(try row.text(2)))?.objectValue?.compactMapValues(\.stringValue)
                        ?? [:],
                    body: try row.text(3))
            }
        }
    }

    /// Keeps the answer to `key`, replacing one past the window, and forgets answers past it.
    public func keepIdempotentAnswer(_ answer: IdempotentAnswer, owner: String, key: String) async throws {
        let at = now.epochMilliseconds
        try await database.write { db in
            try db.execute(
                "DELETE FROM idempotency_keys WHERE created_at < ?",
                [.integer(at - Self.idempotencyWindowMilliseconds)])
            try db.execute(
                "DELETE FROM idempotency_keys WHERE owner = ? AND idempotency_key = ?", [.text(owner), .text(key)])
            try db.execute(
                """
                INSERT INTO idempotency_keys (owner, idempotency_key, fingerprint, status, headers, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(owner), .text(key), .text(answer.fingerprint), .integer(Int64(answer.status)),
                    .text(JSONValue.object(answer.headers.mapValues(JSONValue.string)).canonicalText),
                    .text(answer.body), .integer(at),
                ])
        }
    }
}

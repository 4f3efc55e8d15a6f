import GridTestSupport
import Testing

@testable import GridStore

/// A write transaction is all or nothing, however its statements travel. On PostgreSQL its BEGIN
/// goes out with its first statement, and a transaction of one statement may send that statement
/// alone, committing it in one round trip (``SQLConnection/runAlone(_:queued:)``); statements run
/// alone take turns on one connection.
@Suite("Store contract: write transactions")
struct WriteTransactionTests {
    static func makeTable(_ database: any GridDatabase) async throws {
        try await database.write { db in try db.execute("CREATE TABLE probe (n BIGINT PRIMARY KEY)") }
    }

    /// Runs `body` on a fresh store of `backend` that has the table `probe`.
    static func withProbe(_ backend: Backend, _ body: (any GridDatabase) async throws -> Void) async throws {
        try await TestStore.with(backend) { test in
            try await makeTable(test.store.database)
            try await body(test.store.database)
        }
    }

    static func stored(_ database: any GridDatabase) async throws -> [Int64] {
        try await database.read { db in try db.query("SELECT n FROM probe ORDER BY n", []).map { try $0.integer(0) } }
    }

    @Test("a write whose later statement fails leaves nothing of its earlier ones", arguments: Backend.available)
    func allOrNothing(backend: Backend) async throws {
        try await Self.withProbe(backend) { database async throws in
            await #expect(throws: StoreError.self) {
                try await database.write { db in
                    try db.execute("INSERT INTO probe (n) VALUES (1)")
                    try db.execute("INSERT INTO probe (n) VALUES (1)")
                }
            }
            #expect(try await Self.stored(database) == [])
        }
    }

    @Test(
        "a lone statement commits by itself; one the server refuses changes nothing and says so",
        arguments: Backend.available)
    func loneStatement(backend: Backend) async throws {
        try await Self.withProbe(backend) { database async throws in
            try await database.write { db in
                #expect(db.canRunAlone == (backend.speaksPostgres))
                guard db.canRunAlone else { return try db.execute("INSERT INTO probe (n) VALUES (1)") }
                try db.runAlone(SQLStatement("INSERT INTO probe (n) VALUES (?), (?)", [.integer(1), .integer(2)]))
                #expect(!db.canRunAlone)
                #expect(throws: StoreError.self) { try db.execute("INSERT INTO probe (n) VALUES (3)") }
            }
            guard backend.speaksPostgres else { return }
            #expect(try await Self.stored(database) == [1, 2])

            // 4 goes in before 2 collides: the refusal undoes it too.
            await #expect(throws: StatementRejected.self) {
                try await database.write { db in
                    try db.runAlone(SQLStatement("INSERT INTO probe (n) VALUES (?), (?)", [.integer(4), .integer(2)]))
                }
            }
            // Once a statement has gone out, the transaction has begun and nothing runs alone.
            try await database.write { db in
                try db.execute("INSERT INTO probe (n) VALUES (5)")
                #expect(!db.canRunAlone)
                #expect(throws: StoreError.self) { try db.runAlone(SQLStatement("INSERT INTO probe (n) VALUES (6)")) }
            }
            #expect(try await Self.stored(database) == [1, 2, 5])
        }
    }

    @Test(
        "statements run alone take turns: one queued behind another starts after that one has committed",
        arguments: Backend.available.filter(\.speaksPostgres))
    func aloneInTurn(backend: Backend) async throws {
        try await Self.withProbe(backend) { database async throws in
            for n in stride(from: Int64(1), through: 40, by: 2) {
                let (queued, signal) = AsyncStream.makeStream(of: Void.self)
                async let first: Void = database.write { db in
                    try db.runAlone(
                        SQLStatement("INSERT INTO probe (n) VALUES (?)", [.integer(n)]), queued: { signal.finish() })
                }
                for await _ in queued {}
                // Fails unless the first has committed by the time this starts.
                try await database.write { db in
                    try db.runAlone(
                        SQLStatement(
                            """
                            INSERT INTO probe (n) SELECT ?::bigint + 1
                                + COALESCE((CASE WHEN EXISTS (SELECT 1 FROM probe WHERE n = ?) THEN NULL ELSE 'first not committed' END)::int, 0)
                            """,
                            [.integer(n), .integer(n)]))
                }
                try await first
            }
            #expect(try await Self.stored(database) == Array(1...40))
        }
    }

    @Test(
        "a lost connection for statements run alone is replaced; what was in flight is reported unknown, not refused",
        arguments: Backend.available.filter { $0 == .postgres })  // the driver's lane; Citus ends backends its own way
    func aloneReconnects(backend: Backend) async throws {
        try await Self.withProbe(backend) { database async throws in
            try await database.write { db in try db.runAlone(SQLStatement("INSERT INTO probe (n) VALUES (1)")) }
            let ended = try await database.write { db in
                try db.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'INSERT INTO probe%'
                    """, []
                ).count
            }
            #expect(ended == 1)
            var attempts = 0
            while true {
                attempts += 1
                do {
                    try await database.write { db in try db.runAlone(SQLStatement("INSERT INTO probe (n) VALUES (2)")) }
                    break
                } catch {
                    // The connection may not have noticed it was cut until this statement was sent on it.
                    #expect(!(error is StatementRejected))
                    #expect(attempts < 2)
                    if attempts >= 2 { return }
                }
            }
            #expect(try await Self.stored(database) == [1, 2])
        }
    }
}

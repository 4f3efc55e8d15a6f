import GridTestSupport
import Testing

@testable import GridStore

/// A group transaction's deferred rows reach the table exactly as given, whatever they hold: on
/// PostgreSQL they travel as one binary array a column inside one statement.
@Suite("Store contract: a group transaction's write-back")
struct GroupWriteBackTests {
    static let columns = ["label", "text_value", "integer_value", "real_value", "bytes", "always_null"]

    /// Texts that array literals, SQL and JSON each treat specially.
    static let rows: [[SQLValue]] = [
        [
            "quotes", .text(#"say "hi" and 'bye'"#), .integer(.max), .real(0.1), .blob([0, 255, 92, 34, 123, 125]),
            .null,
        ],
        ["backslashes", .text(#"C:\path\"x\\"#), .integer(.min), .real(-1e-300), .blob([]), .null],
        ["braces", .text("{a,b},{c}"), .integer(0), .real(1.7976931348623157e308), .null, .null],
        ["null word", .text("NULL"), .null, .null, .blob([78, 85, 76, 76]), .null],
        ["empty", .text(""), .integer(-1), .real(120.123456789012), .blob([0]), .null],
        ["wide", .text("网格员\n巡查 \t 上报，“消防通道”"), .integer(42), .real(30.274084), .blob([1, 2, 3]), .null],
    ]

    @Test("awkward text, extreme numbers, bytes and NULLs come back exactly", arguments: Backend.available)
    func rowsRoundTrip(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let bytesType = backend.speaksPostgres ? "BYTEA" : "BLOB"
            try await test.store.database.write { db in
                try db.execute(
                    """
                    CREATE TABLE write_back_probe (label TEXT, text_value TEXT, integer_value BIGINT, real_value DOUBLE PRECISION,
                    bytes \(bytesType), always_null TEXT)
                    """)
            }
            try await test.store.database.write { db in
                let transaction = try db.writeTransaction()
                transaction.startBatch(from: nil)
                for row in Self.rows { try db.insert(into: "write_back_probe", columns: Self.columns, row: row) }
                try transaction.writeBack(on: db)
            }
            let stored = try await test.store.database.read { db in
                try db.query("SELECT \(Self.columns.joined(separator: ", ")) FROM write_back_probe ORDER BY label", [])
            }
            #expect(stored.map(\.values) == Self.rows.sorted(by: Self.byLabel))
        }
    }

    @Test("a column mixing kinds of value is not sent as one array")
    func mixedColumnFallsBack() {
        #expect(SQLStatement.unnestInsert(into: "t", columns: ["a"], rows: [[.integer(1)], [.text("1")]]) == nil)
        #expect(SQLStatement.unnestInsert(into: "t", columns: ["a"], rows: [[.null], [.null]]) == nil)
        let statement = SQLStatement.unnestInsert(
            into: "t", columns: ["a", "b"], rows: [[.integer(1), .null], [.null, .null]])
        #expect(statement?.sql == "INSERT INTO t (a, b) SELECT u.c0, NULL FROM unnest(?::bigint[]) AS u(c0)")
        #expect(statement?.arguments == [.array([.integer(1), .null])])
    }

    static func byLabel(_ a: [SQLValue], _ b: [SQLValue]) -> Bool {
        guard case .text(let x) = a[0], case .text(let y) = b[0] else { return false }
        return x < y
    }
}

import Testing

@testable import GridStore

/// Statements are written once with `?` placeholders; PostgreSQL wants `$1, $2, …`.
@Suite("PostgreSQL placeholders: `?` becomes `$n`, outside quoted literals only")
struct PostgresPlaceholderTests {
    @Test("placeholders are numbered in order, past nine")
    func numberedInOrder() {
        let sql = "INSERT INTO t (a,b) VALUES " + Array(repeating: "(?,?)", count: 6).joined(separator: ",")
        let expected =
            "INSERT INTO t (a,b) VALUES " + (0..<6).map { "($\(2 * $0 + 1),$\(2 * $0 + 2))" }.joined(separator: ",")
        #expect(PostgresSQLConnection.numbered(sql) == expected)
    }

    @Test("a `?` inside a quoted literal stays, and text in other scripts passes through whole")
    func quotedAndWideText() {
        #expect(
            PostgresSQLConnection.numbered("SELECT '谁?', ? WHERE name = '网格''员?' AND x = ?")
                == "SELECT '谁?', $1 WHERE name = '网格''员?' AND x = $2")
        #expect(PostgresSQLConnection.numbered("SELECT 1") == "SELECT 1")
    }
}

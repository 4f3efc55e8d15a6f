/// PostgreSQL statements that carry many rows, or many statements, in one round trip.
///
/// Inside the group writer's serial path every round trip is time no other batch can use: on a
/// loaded two-core machine each costs a wake-up of the server's backend and of this process, far
/// more than the statement's own work. A batch's write-back used to be eight or more statements;
/// with these it is one.
extension SQLStatement {
    /// `INSERT INTO table (columns) SELECT … FROM unnest($1::text[], $2::bigint[], …)`: one bound
    /// array a column (``SQLValue/array(_:)``, sent in binary), so the statement's text does not grow
    /// with the rows, and the server plans it alike for 2 rows as for 500.
    ///
    /// A column's array type is that of its values; a column that is NULL in every row inserts an
    /// untyped `NULL`, which takes the column's own type. Returns `nil` when a column mixes kinds of
    /// value, which no caller does today, or when every column is NULL; the caller then falls back
    /// to `VALUES` lists.
    static func unnestInsert(into table: String, columns: [String], rows: [[SQLValue]]) -> SQLStatement? {
        var arrays: [SQLValue] = []
        var unnested: [String] = []
        var selected: [String] = []
        for column in columns.indices {
            guard let kind = ArrayKind(rows.lazy.map { $0[column] }) else { return nil }
            guard kind != .allNull else {
                selected.append("NULL")
                continue
            }
            arrays.append(.array(rows.map { $0[column] }))
            unnested.append("?::\(kind.sqlType)")
            selected.append("u.c\(column)")
        }
        guard !unnested.isEmpty else { return nil }
        let names = columns.indices.filter { selected[$0] != "NULL" }.map { "c\($0)" }
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(selected.joined(separator: ", "))"
            + " FROM unnest(\(unnested.joined(separator: ", "))) AS u(\(names.joined(separator: ", ")))"
        return SQLStatement(sql, arrays)
    }

    /// The text of the error a ``together(_:verifying:)`` statement fails with when a verifying
    /// statement found nothing (read back as ``PredictionMissed``).
    static let predictionMissed = "gridgov: prediction missed"

    /// Statements run as one: each a data-modifying `WITH` query of a single statement. PostgreSQL
    /// runs every one of them, on one snapshot, and fails them all if one fails. Their `?`
    /// placeholders are numbered in order, so their arguments are simply concatenated.
    ///
    /// Each `verifying` statement must return one row (`RETURNING`) when it finds what it expects;
    /// if any returns none, the whole statement fails with ``predictionMissed`` and changes nothing.
    /// Failing inside the statement, not after it, is what lets the statement be a transaction of
    /// its own (``SQLConnection/runAlone(_:)``).
    ///
    /// No statement may read what another writes (they share one snapshot), nor change a row
    /// another changes; a write-back's inserts, journal heads and counters touch distinct rows.
    static func together(_ statements: [SQLStatement], verifying verified: [SQLStatement] = []) -> SQLStatement {
        if verified.isEmpty, statements.count == 1 { return statements[0] }
        let parts = (statements + verified).enumerated().map { "w\($0.offset) AS (\($0.element.sql))" }
        let found = verified.indices.map { "(SELECT count(*) FROM w\(statements.count + $0))" }
        // The cast applies to a CASE the planner cannot fold, so it fails only when run, and only on a miss.
        let check =
            found.isEmpty
            ? "0"
            : "(CASE WHEN \(found.joined(separator: " + ")) = \(verified.count) THEN NULL ELSE '\(predictionMissed)' END)::int"
        return SQLStatement(
            (parts.isEmpty ? "" : "WITH " + parts.joined(separator: ", ") + " ") + "SELECT " + check,
            (statements + verified).flatMap(\.arguments))
    }
}

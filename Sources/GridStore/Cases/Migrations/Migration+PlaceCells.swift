extension Migrations {
    /// The duplicate check looks up the few ``PlaceCell``s around a new report instead of walking a
    /// band of latitude, which at an intake peak held hundreds of recent reports of the category
    /// (48 µs of the write per case at 20,000 cases, and growing with every one).
    ///
    /// `cases_by_unit` goes: no query filters on the unit alone (a department's queue is `unit = ? OR
    /// co_handlers LIKE ?`, which no index serves), and its random insert positions dirtied a page
    /// per case at every group commit.
    static let placeCells = Migration(
        version: 9, name: "place cells for the duplicate check",
        statements: [
            "ALTER TABLE cases ADD COLUMN place_cell BIGINT",
            """
            UPDATE cases SET place_cell = CAST({trunc}(lat * 1000) AS BIGINT) * 1000000 + CAST({trunc}(lng * 1000) AS BIGINT)
            WHERE lat IS NOT NULL AND lng IS NOT NULL
            """,
            "DROP INDEX cases_by_place",
            "CREATE INDEX cases_by_place ON cases (county_code, category, place_cell, reported_at)",
            "DROP INDEX cases_by_unit",
        ])
}

extension Migrations {
    /// Whether a case was dispatched or whistled to its unit: until then the unit is only where
    /// intake routed it, and a department must not see the case. Cases dispatched before this
    /// column existed are marked from their history. (Version 17: versions from 13 up were left to
    /// work in progress on other branches when this was written; versions are keys, not a count.)
    static let dispatchedToUnit = Migration(
        version: 17, name: "cases dispatched to their unit",
        statements: [
            "ALTER TABLE cases ADD COLUMN dispatched_to_unit INTEGER NOT NULL DEFAULT 0",
            """
            UPDATE cases SET dispatched_to_unit = 1 WHERE EXISTS (
                SELECT 1 FROM case_history h
                WHERE h.county_code = cases.county_code AND h.case_id = cases.id AND h.action IN ('dispatch', 'whistle'))
            """,
        ])
}

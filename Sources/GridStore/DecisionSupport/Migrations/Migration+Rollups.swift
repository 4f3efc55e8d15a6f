extension Migrations {
    /// Decision-support rollups (``CaseRollupRow``): what each step of a case counted as, kept in
    /// its history row, and the counters per region node or unit × day × category × channel ×
    /// measure that the dashboards and assessments read. Steps recorded before this version count as
    /// their action, on time; the store fills the counters from them when it opens
    /// (``GridStore/rebuildRollupsAfterMigration(applied:)``).
    static let rollups = Migration(
        version: 33, name: "decision-support rollups",
        statements: [
            "ALTER TABLE case_history ADD COLUMN measure TEXT",
            "ALTER TABLE case_history ADD COLUMN counted_unit TEXT",
            // The counted actions of this version, frozen here as a migration must be.
            """
            UPDATE case_history SET measure = action WHERE action IN ('accept', 'approve_extension',
                'approve_self_handling', 'approve_void', 'close', 'dispatch', 'escalate', 'handle', 'merge', 'rate',
                'register', 'reject', 'report', 'report_in', 'resume', 'return', 'rework', 'self_handle', 'sign_in',
                'suspend', 'refuse_self_handling', 'verify', 'whistle')
            """,
            """
            CREATE TABLE case_rollups (
                county_code TEXT NOT NULL,
                node TEXT NOT NULL,
                day TEXT NOT NULL,
                category TEXT NOT NULL,
                channel TEXT NOT NULL,
                measure TEXT NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (county_code, node, day, category, channel, measure)
            )
            """,
        ])
}

extension Migrations {
    /// When a case's step turns yellow (`warn_at`) and whether it was urged (催办) for that step.
    static let urging = Migration(
        version: 4, name: "urging",
        statements: [
            "ALTER TABLE cases ADD COLUMN warn_at BIGINT",
            "ALTER TABLE cases ADD COLUMN urged_step TEXT",
        ])
}

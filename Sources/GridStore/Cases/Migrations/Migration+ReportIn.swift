extension Migrations {
    /// 吹哨报到: when the departments called by a whistle must have reported in. (Version 7: 5 and 6
    /// were taken by work in progress elsewhere when this was written; versions are keys, not a count.)
    static let reportIn = Migration(
        version: 7, name: "report-in deadline",
        statements: [
            "ALTER TABLE cases ADD COLUMN report_in_due BIGINT"
        ])
}

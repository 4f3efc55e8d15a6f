extension Migrations {
    /// 民情日志: a worker's notes on their day, and the comments their grid leader writes on it.
    static let workLogs = Migration(
        version: 32, name: "work logs",
        statements: [
            """
            CREATE TABLE work_logs (
                county_code TEXT NOT NULL,
                worker TEXT NOT NULL,
                day TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                notes TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, worker, day)
            )
            """,
            "CREATE INDEX work_logs_by_grid ON work_logs (county_code, grid_code, day)",
            """
            CREATE TABLE work_log_comments (
                county_code TEXT NOT NULL,
                worker TEXT NOT NULL,
                day TEXT NOT NULL,
                seq INTEGER NOT NULL,
                author TEXT NOT NULL,
                body TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (county_code, worker, day, seq)
            )
            """,
        ])
}

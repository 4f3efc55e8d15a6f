extension Migrations {
    /// 预警: surge warnings (智能预警) and concealment risks (隐瞒不报), each with the figures that
    /// raised it, raised once per node, category and day, acknowledged with a note.
    static let warnings = Migration(
        version: 34, name: "warnings",
        statements: [
            """
            CREATE TABLE warnings (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                kind TEXT NOT NULL,
                node TEXT NOT NULL,
                category TEXT NOT NULL,
                day TEXT NOT NULL,
                observed BIGINT NOT NULL,
                expected DOUBLE PRECISION NOT NULL,
                p DOUBLE PRECISION NOT NULL,
                figures TEXT NOT NULL,
                raised_at BIGINT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at BIGINT,
                note TEXT,
                PRIMARY KEY (county_code, id),
                UNIQUE (county_code, kind, node, category, day)
            )
            """,
            "CREATE INDEX warnings_open ON warnings (county_code, acknowledged_at, raised_at)",
        ])
}

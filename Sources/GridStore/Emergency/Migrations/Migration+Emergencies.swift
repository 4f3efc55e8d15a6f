extension Migrations {
    /// 平战转换: the region subtrees now in emergency, one row each, and every switch in and out with
    /// who and why (the journal holds the same, chained).
    static let emergencies = Migration(
        version: 36, name: "emergencies",
        statements: [
            """
            CREATE TABLE emergencies (
                county_code TEXT NOT NULL,
                region_code TEXT NOT NULL,
                level INTEGER NOT NULL,
                since BIGINT NOT NULL,
                actor TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (county_code, region_code)
            )
            """,
            """
            CREATE TABLE emergency_switches (
                county_code TEXT NOT NULL,
                region_code TEXT NOT NULL,
                at BIGINT NOT NULL,
                level INTEGER,
                actor TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (county_code, region_code, at)
            )
            """,
        ])
}

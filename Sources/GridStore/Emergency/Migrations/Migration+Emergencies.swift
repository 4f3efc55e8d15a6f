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

extension Migrations {
    /// 走访排查: screening campaigns, their tasks (one a household or person in scope, keyed with the
    /// household's or person's county), progress counters by grid and day kept as answers arrive
    /// (`day` empty: the households in scope), and each person's one risk status (一人一码) with
    /// its history.
    static let campaigns = Migration(
        version: 37, name: "screening campaigns",
        statements: [
            """
            CREATE TABLE campaigns (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                region_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                definition TEXT NOT NULL,
                tasks BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                closed_by TEXT,
                closed_at BIGINT,
                PRIMARY KEY (county_code, id)
            )
            """,
            """
            CREATE TABLE campaign_tasks (
                county_code TEXT NOT NULL,
                campaign_id TEXT NOT NULL,
                unit_key TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                address_code TEXT,
                person_id TEXT,
                done_at BIGINT,
                done_by TEXT,
                answers TEXT,
                status TEXT,
                case_number TEXT,
                PRIMARY KEY (county_code, campaign_id, unit_key)
            )
            """,
            "CREATE INDEX campaign_tasks_by_grid ON campaign_tasks (county_code, campaign_id, grid_code, unit_key)",
            """
            CREATE TABLE campaign_progress (
                county_code TEXT NOT NULL,
                campaign_id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                day TEXT NOT NULL,
                households BIGINT NOT NULL,
                visited BIGINT NOT NULL,
                yellow BIGINT NOT NULL,
                orange BIGINT NOT NULL,
                red BIGINT NOT NULL,
                PRIMARY KEY (county_code, campaign_id, grid_code, day)
            )
            """,
            """
            CREATE TABLE person_status (
                county_code TEXT NOT NULL,
                person_id TEXT NOT NULL,
                status TEXT NOT NULL,
                reasons TEXT NOT NULL,
                campaign_id TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, person_id)
            )
            """,
            """
            CREATE TABLE person_status_history (
                county_code TEXT NOT NULL,
                person_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                status TEXT NOT NULL,
                reasons TEXT NOT NULL,
                campaign_id TEXT NOT NULL,
                actor TEXT NOT NULL,
                PRIMARY KEY (county_code, person_id, at)
            )
            """,
        ])
}

extension Migrations {
    /// Cases, their history, the per-county case-number counters and the category catalogue.
    static let cases = Migration(
        version: 2, name: "cases",
        statements: [
            """
            CREATE TABLE catalogues (
                name TEXT PRIMARY KEY,
                body TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE cases (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                number TEXT NOT NULL,
                region_code TEXT NOT NULL,
                category TEXT NOT NULL,
                description TEXT NOT NULL,
                lat DOUBLE PRECISION,
                lng DOUBLE PRECISION,
                address TEXT,
                channel TEXT NOT NULL,
                reporter TEXT,
                reporter_phone TEXT,
                discoverer TEXT,
                state TEXT NOT NULL,
                centre_code TEXT NOT NULL,
                unit TEXT,
                co_handlers TEXT NOT NULL,
                step TEXT,
                step_started_at BIGINT NOT NULL,
                due_at BIGINT,
                extension_hours DOUBLE PRECISION,
                void_reason TEXT,
                duplicate_of TEXT,
                likely_duplicates TEXT NOT NULL,
                reopened INTEGER NOT NULL,
                rating TEXT,
                reported_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                supervised_step TEXT,
                tracking_hash TEXT,
                PRIMARY KEY (county_code, id),
                UNIQUE (county_code, number)
            )
            """,
            "CREATE INDEX cases_by_region ON cases (region_code, reported_at)",
            "CREATE INDEX cases_by_due ON cases (county_code, due_at)",
            "CREATE INDEX cases_by_unit ON cases (unit, state)",
            "CREATE INDEX cases_by_place ON cases (county_code, category, lat)",
            """
            CREATE TABLE case_history (
                county_code TEXT NOT NULL,
                case_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                note TEXT,
                data TEXT NOT NULL,
                PRIMARY KEY (county_code, case_id, seq)
            )
            """,
            """
            CREATE TABLE case_counters (
                county_code TEXT NOT NULL,
                day TEXT NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (county_code, day)
            )
            """,
        ])
}

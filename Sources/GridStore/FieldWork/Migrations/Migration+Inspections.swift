extension Migrations {
    /// 安全隐患排查: the checklists an administrator changed or added (over the shipped ones, by
    /// code); each inspection of a place with its answers; each failed item's case, its deadline
    /// and when a re-inspection found it put right.
    static let inspections = Migration(
        version: 31, name: "inspections",
        statements: [
            """
            CREATE TABLE inspection_checklists (
                code TEXT PRIMARY KEY,
                definition TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE inspections (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                place_kind TEXT NOT NULL,
                place_code TEXT NOT NULL,
                place_name TEXT NOT NULL,
                checklist TEXT NOT NULL,
                inspector TEXT NOT NULL,
                inspected_at BIGINT NOT NULL,
                lat DOUBLE PRECISION,
                lng DOUBLE PRECISION,
                note TEXT NOT NULL,
                results TEXT NOT NULL,
                failed INTEGER NOT NULL,
                follows TEXT,
                photos TEXT NOT NULL,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE INDEX inspections_by_place ON inspections (county_code, place_code, inspected_at)",
            "CREATE INDEX inspections_by_grid ON inspections (county_code, grid_code, inspected_at)",
            """
            CREATE TABLE inspection_hazards (
                county_code TEXT NOT NULL,
                inspection_id TEXT NOT NULL,
                item TEXT NOT NULL,
                case_number TEXT NOT NULL,
                deadline BIGINT NOT NULL,
                rectified_at BIGINT,
                rectified_by TEXT,
                PRIMARY KEY (county_code, inspection_id, item)
            )
            """,
        ])
}

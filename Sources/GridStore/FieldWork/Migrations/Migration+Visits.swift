extension Migrations {
    /// 走访: a visit to a person, with what the visitor found, their groups' visit answers and the
    /// case it raised; each key person's last visit beside their membership, so the due list is
    /// read without going through the history.
    static let visits = Migration(
        version: 29, name: "visits",
        statements: [
            """
            CREATE TABLE visits (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                person_id TEXT NOT NULL,
                visitor TEXT NOT NULL,
                visited_at BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL,
                lat DOUBLE PRECISION,
                lng DOUBLE PRECISION,
                finding TEXT NOT NULL,
                answers TEXT NOT NULL,
                attention TEXT,
                case_number TEXT,
                photos TEXT NOT NULL,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE INDEX visits_by_person ON visits (county_code, person_id, visited_at)",
            "CREATE INDEX visits_by_grid ON visits (county_code, grid_code, visited_at)",
            "ALTER TABLE key_people ADD COLUMN last_visit_at BIGINT",
        ])
}

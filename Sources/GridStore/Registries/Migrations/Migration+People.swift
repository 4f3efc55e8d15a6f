extension Migrations {
    /// 实有人口: identity numbers and phones only sealed (`*_sealed`), found by keyed blind index
    /// (`*_index`) and shown masked (`*_masked`); see ``ProtectedFields``.
    static let people = Migration(
        version: 23, name: "people",
        statements: [
            """
            CREATE TABLE people (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                name TEXT NOT NULL,
                identity_sealed TEXT,
                identity_index TEXT,
                identity_masked TEXT,
                birth_date TEXT,
                sex TEXT,
                phone_sealed TEXT,
                phone_index TEXT,
                phone_masked TEXT,
                ethnicity TEXT,
                population_type TEXT NOT NULL,
                address TEXT,
                tags TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE UNIQUE INDEX people_by_identity ON people (county_code, identity_index)",
            "CREATE INDEX people_by_grid ON people (county_code, grid_code, name)",
            "CREATE INDEX people_by_phone ON people (county_code, phone_index)",
        ])
}

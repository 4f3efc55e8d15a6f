extension Migrations {
    /// The standard address tree (标准地址库) under the grids: places, buildings, units, rooms.
    /// A place's `parent_code` is empty (not NULL) so the path index keeps one row per name.
    static let addresses = Migration(
        version: 22, name: "standard addresses",
        statements: [
            """
            CREATE TABLE addresses (
                county_code TEXT NOT NULL,
                code TEXT NOT NULL,
                parent_code TEXT NOT NULL,
                level INTEGER NOT NULL,
                name TEXT NOT NULL,
                region_code TEXT NOT NULL,
                lat DOUBLE PRECISION,
                lng DOUBLE PRECISION,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, code)
            )
            """,
            "CREATE UNIQUE INDEX addresses_by_path ON addresses (county_code, parent_code, name)",
        ])
}

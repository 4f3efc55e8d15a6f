extension Migrations {
    /// Administrators' corrections to the working calendar (national, so territory-wide).
    static let calendar = Migration(
        version: 8, name: "calendar overrides",
        statements: [
            """
            CREATE TABLE calendar_days (
                day TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                note TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """
        ])
}

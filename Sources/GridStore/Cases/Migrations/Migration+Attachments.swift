extension Migrations {
    /// Photos and other evidence of cases, stored once per county by their SHA-256.
    static let attachments = Migration(
        version: 3, name: "attachments",
        statements: [
            """
            CREATE TABLE blobs (
                county_code TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                bytes {blob} NOT NULL,
                PRIMARY KEY (county_code, sha256)
            )
            """,
            """
            CREATE TABLE case_attachments (
                county_code TEXT NOT NULL,
                case_id TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                uploaded_by TEXT NOT NULL,
                at_ms BIGINT NOT NULL,
                PRIMARY KEY (county_code, case_id, sha256)
            )
            """,
        ])
}

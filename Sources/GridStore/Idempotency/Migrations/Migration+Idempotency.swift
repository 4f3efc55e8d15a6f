extension Migrations {
    /// The answers to API requests sent with an `Idempotency-Key`, by the caller who sent them: a
    /// repeat is answered from here instead of being done again.
    static let idempotency = Migration(
        version: 28, name: "idempotency keys",
        statements: [
            """
            CREATE TABLE idempotency_keys (
                owner TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                status INTEGER NOT NULL,
                headers TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (owner, idempotency_key)
            )
            """,
            "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)",
        ])
}

/// Versioned schema changes, applied at start-up in the order of ``Migrations/all``: each feature's
/// own (``StoreFeature/migrations``, kept in its folder), features in the order they build on one
/// another. Versions are keys, unique across features: one may be listed after a higher one it
/// depends on.
///
/// Every table holding territorial data carries `county_code`, and its primary key and every unique
/// key include it, so the same schema distributes on Citus-style engines by county. Territory-wide
/// tables (accounts, sessions, tokens) are small reference tables.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    /// Statements in the SQL both engines share; `{blob}` becomes `BLOB` or `BYTEA`, and `{trunc}` is
    /// PostgreSQL's `trunc` (its casts round, SQLite's truncate) and nothing on SQLite.
    public var statements: [String]
}

public enum Migrations {
    /// Every feature's migrations, features in the order of ``StoreFeatures/all``.
    public static var all: [Migration] { StoreFeatures.all.flatMap(\.migrations) }

    /// The first schema: the territory, accounts and the journal, which every feature builds on.
    static let territory = Migration(
        version: 1, name: "territory, accounts, journal",
        statements: [
            """
            CREATE TABLE regions (
                county_code TEXT NOT NULL,
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                level INTEGER NOT NULL,
                parent_code TEXT,
                seat_lat DOUBLE PRECISION,
                seat_lng DOUBLE PRECISION,
                boundary TEXT,
                min_lat DOUBLE PRECISION,
                min_lng DOUBLE PRECISION,
                max_lat DOUBLE PRECISION,
                max_lng DOUBLE PRECISION,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, code)
            )
            """,
            "CREATE INDEX regions_by_code ON regions (code)",
            "CREATE INDEX regions_by_parent ON regions (parent_code, code)",
            "CREATE INDEX regions_by_level ON regions (level, code)",
            """
            CREATE TABLE departments (
                county_code TEXT NOT NULL,
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, code)
            )
            """,
            """
            CREATE TABLE users (
                username TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                region_code TEXT,
                department_code TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                token_hash TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                region_code TEXT,
                department_code TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE journal (
                county_code TEXT NOT NULL,
                seq BIGINT NOT NULL,
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                before_json TEXT NOT NULL,
                after_json TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (county_code, seq)
            )
            """,
            """
            CREATE TABLE journal_heads (
                county_code TEXT PRIMARY KEY,
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
        ])

    /// Brings the schema up to date; safe to call on every start, also from several processes at once.
    public static func run(on database: any GridDatabase, now: Int64) async throws -> [Int] {
        try await database.write { db in
            if db.dialect == .postgres {
                // Serialises concurrent starts; released at commit. In `public` the key is the one
                // every release took; in another schema (a shared test server) it is that schema's.
                _ = try db.query(
                    """
                    SELECT 1 FROM (SELECT CASE WHEN current_schema() = 'public' THEN pg_advisory_xact_lock(720106)
                        ELSE pg_advisory_xact_lock(720106, hashtext(current_schema())) END) locked
                    """, [])
                try CitusDistribution.prepareTransaction(on: db)
            }
            try db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            )
            let applied = Set(try db.query("SELECT version FROM schema_migrations", []).map { try $0.integer(0) })
            var done: [Int] = []
            for migration in all where !applied.contains(Int64(migration.version)) {
                for statement in migration.statements {
                    try db.execute(
                        statement.replacing("{blob}", with: db.dialect == .postgres ? "BYTEA" : "BLOB")
                            .replacing("{trunc}", with: db.dialect == .postgres ? "trunc" : ""))
                }
                try db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(Int64(migration.version)), .text(migration.name), .integer(now)])
                done.append(migration.version)
            }
            try CitusDistribution.distribute(on: db)
            if try CitusDistribution.isCitus(db) { try db.writeTransaction().noteDistributed() }
            return done
        }
    }
}

/// GridGov on distributed PostgreSQL (Citus): every table with a `county_code` is distributed by
/// it, all in one colocation group, so that whatever concerns one county lives on one shard and
/// its joins and transactions stay there; every other table (accounts, sessions, catalogues,
/// the calendar, migrations) is a reference table, copied to every node.
///
/// A few small tables keyed by county are read across the whole territory on every request and
/// written rarely (``territoryWide``): they are reference tables too, so that reading them never
/// fans out to every shard.
///
/// The migrations call ``distribute(on:)`` after they run, so a new table is distributed as soon
/// as it is made; `gridgov db distribute` calls it for a database made before. Without the
/// `citus` extension it does nothing.
public enum CitusDistribution {
    /// Emergency levels and their switches: every page reads the levels governing the caller's area.
    static let territoryWide: Set<String> = ["emergencies", "emergency_switches"]

    /// How a table was placed.
    public struct Placement: Sendable, Hashable {
        public var table: String
        /// Distributed by `county_code`; otherwise a reference table.
        public var distributed: Bool
    }

    /// Every table of the current schema and where Citus keeps it: distributed (`h`, by hash of
    /// `county_code`), reference (`n`, on every node), or nil (on the coordinator alone).
    static func placements(on db: any SQLConnection) throws -> [(table: String, method: String?)] {
        try db.query(
            """
            SELECT c.relname, (SELECT CAST(p.partmethod AS TEXT) FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname
            """, []
        ).map { (try $0.text(0), try $0.optionalText(1)) }
    }

    /// Whether the database has the citus extension.
    static func isCitus(_ db: any SQLConnection) throws -> Bool {
        guard db.dialect == .postgres else { return false }
        return try db.queryOne("SELECT 1 FROM pg_extension WHERE extname = 'citus'", []) != nil
    }

    /// Makes the transaction's work on distributed tables go one connection at a time. Citus
    /// distributes a table made in the same transaction only so, and refuses to switch once a
    /// parallel query ran: a transaction that may distribute calls this first.
    static func prepareTransaction(on db: any SQLConnection) throws {
        guard try isCitus(db) else { return }
        try db.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
    }

    /// Places every table of the current schema that Citus does not know yet; returns what it
    /// placed. `regions` goes first, and every other distributed table joins its colocation group
    /// whatever the session's shard count, so a county's rows of every table share a shard.
    /// Rows a table held on the coordinator before are moved to the shards and not kept there.
    /// Call ``prepareTransaction(on:)`` at the transaction's start.
    @discardableResult
    static func distribute(on db: any SQLConnection) throws -> [Placement] {
        guard try isCitus(db) else { return [] }
        let rows = try db.query(
            """
            SELECT c.relname,
                CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                    AND a.attname = 'county_code' AND NOT a.attisdropped) THEN 1 ELSE 0 END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
                AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
            ORDER BY CASE WHEN c.relname = 'regions' THEN 0 ELSE 1 END, c.relname
            """, [])
        var placed: [Placement] = []
        for row in rows {
            let table = try row.text(0)
            let distributed = try row.integer(1) == 1 && !territoryWide.contains(table)
            let call =
                !distributed
                ? "create_reference_table(CAST(CAST(? AS TEXT) AS regclass))"
                : table == "regions"
                    ? "create_distributed_table(CAST(CAST(? AS TEXT) AS regclass), 'county_code')"
                    : "create_distributed_table(CAST(CAST(? AS TEXT) AS regclass), 'county_code', colocate_with => 'regions')"
            _ = try db.query("SELECT 1 FROM (SELECT \(call)) placed", [.text(table)])
            _ = try db.query(
                "SELECT 1 FROM (SELECT truncate_local_data_after_distributing_table(CAST(CAST(? AS TEXT) AS regclass))) emptied",
                [.text(table)])
            placed.append(Placement(table: table, distributed: distributed))
        }
        return placed
    }
}

extension GridStore {
    /// `gridgov db distribute`: places every table on Citus that is not placed yet (the migrations
    /// do so as they run; this is for a database distributed by hand or restored from a dump), and
    /// returns how many tables are distributed and how many are reference tables.
    public func distributeOnCitus() async throws -> (distributed: Int, reference: Int, placedNow: Int) {
        try await database.write { db in
            guard try CitusDistribution.isCitus(db) else {
                throw StoreError.configuration(
                    "the database has no citus extension: run CREATE EXTENSION citus on every node and add the workers first"
                )
            }
            try CitusDistribution.prepareTransaction(on: db)
            let placed = try CitusDistribution.distribute(on: db)
            let all = try CitusDistribution.placements(on: db)
            return (
                all.filter { $0.method == "h" }.count, all.filter { $0.method == "n" }.count, placed.count
            )
        }
    }
}

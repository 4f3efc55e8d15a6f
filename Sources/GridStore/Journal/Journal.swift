import Crypto
import GridCore

/// The append-only journal: every change is written with an entry in the same transaction.
///
/// Each chain's head (`journal_heads`, ``JournalHeadRow``) holds its last sequence number and hash.
public enum Journal {
    /// SHA-256 of the canonical content, as lower-case hex.
    @Sendable public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.lowercase(SHA256.hash(data: bytes)) }

    /// Appends `change` to its chain inside the caller's transaction and returns the entry written.
    @discardableResult
    public static func append(_ change: JournalChange, at milliseconds: Int64, on db: any SQLConnection) throws
        -> JournalEntry
    {
        let beforeText = change.before.canonicalText
        let afterText = change.after.canonicalText
        let entry = try db.advance(JournalHeadRow.self, change.chain) { head -> JournalEntry in
            var entry = JournalEntry(
                chain: change.chain, sequence: head.sequence + 1, atMilliseconds: milliseconds,
                actor: change.actor, action: change.action, entity: change.entity, entityID: change.entityID,
                before: change.before, after: change.after, prevHash: head.hash)
            entry.hash = sha256Hex(entry.hashedContent(beforeText: beforeText, afterText: afterText))
            head = JournalHead(sequence: entry.sequence, hash: entry.hash)
            return entry
        }
        try db.insert(
            into: "journal", columns: table.names,
            row: table.values(of: (entry: entry, beforeText: beforeText, afterText: afterText)))
        return entry
    }

    /// The `journal` table's columns, each beside where its value comes from in an entry. The
    /// images go in as the canonical text their hash was taken over, worked out once.
    private static let table = TableColumns<(entry: JournalEntry, beforeText: String, afterText: String)>([
        .init("county_code") { .text($0.entry.chain) },
        .init("seq") { .integer($0.entry.sequence) },
        .init("at_ms") { .integer($0.entry.atMilliseconds) },
        .init("actor") { .text($0.entry.actor) },
        .init("action") { .text($0.entry.action) },
        .init("entity") { .text($0.entry.entity) },
        .init("entity_id") { .text($0.entry.entityID) },
        .init("before_json") { .text($0.beforeText) },
        .init("after_json") { .text($0.afterText) },
        .init("prev_hash") { .text($0.entry.prevHash) },
        .init("hash") { .text($0.entry.hash) },
    ])

    /// What `verify` found when every chain is whole.
    public struct Report: Sendable, Equatable {
        public var chains: Int
        public var entries: Int64

        public init(chains: Int, entries: Int64) {
            self.chains = chains
            self.entries = entries
        }
    }

    /// Walks every chain in order and throws ``JournalBreak`` at the first entry that was altered,
    /// removed or reordered. Reads a page at a time, so a long journal costs little memory.
    public static func verify(_ database: any GridDatabase, pageSize: Int = 5000) async throws -> Report {
        let chains = try await database.read { db in
            // Chains named by a head or by an entry: a chain whose head was deleted is still walked.
            try db.query("SELECT county_code FROM journal_heads UNION SELECT county_code FROM journal ORDER BY 1", [])
                .map { try $0.text(0) }
        }
        var total: Int64 = 0
        for chain in chains {
            // Each chain is walked in one read transaction: a consistent snapshot of its head and
            // entries, so writes made meanwhile are neither seen nor mistaken for breaks.
            total += try await database.read { db -> Int64 in
                let head = try db.queryOne("SELECT seq, hash FROM journal_heads WHERE county_code = ?", [.text(chain)])
                var verifier = JournalVerifier(chain: chain, hash: sha256Hex)
                var after: Int64 = 0
                while true {
                    let page = try db.query(
                        "SELECT \(table.selectList) FROM journal WHERE county_code = ? AND seq > ? ORDER BY seq LIMIT ?",
                        [.text(chain), .integer(after), .integer(Int64(pageSize))])
                    for row in page {
                        let entry = try decode(table.row(row))
                        try verifier.check(entry)
                        after = entry.sequence
                    }
                    if page.count < pageSize { break }
                }
                try verifier.finish(
                    headSequence: try head?.integer(0) ?? 0, headHash: try head?.text(1) ?? JournalEntry.genesisHash)
                return verifier.checked
            }
        }
        return Report(chains: chains.count, entries: total)
    }

    /// The entries of one chain, newest last (for auditors and tests).
    public static func entries(of chain: String, in database: any GridDatabase) async throws -> [JournalEntry] {
        try await database.read { db in
            try db.query("SELECT \(table.selectList) FROM journal WHERE county_code = ? ORDER BY seq", [.text(chain)])
                .map { try decode(table.row($0)) }
        }
    }

    static func decode(_ row: NamedRow) throws -> JournalEntry {
        let chain = try row.text("county_code")
        let sequence = try row.integer("seq")
        func json(_ name: String) throws -> JSONValue {
            let text = try row.text(name)
            do { return try JSONValue.parse(text) } catch {
                // A damaged image is reported as an altered entry, not a crash.
                throw JournalBreak(
                    chain: chain, sequence: sequence, kind: .altered, detail: "its stored JSON no longer parses")
            }
        }
        return JournalEntry(
            chain: chain, sequence: sequence, atMilliseconds: try row.integer("at_ms"), actor: try row.text("actor"),
            action: try row.text("action"), entity: try row.text("entity"), entityID: try row.text("entity_id"),
            before: try json("before_json"), after: try json("after_json"), prevHash: try row.text("prev_hash"),
            hash: try row.text("hash"))
    }
}

/// A chain's last journal entry: its sequence number and hash.
struct JournalHead: Equatable, Sendable {
    var sequence: Int64
    var hash: String
}

/// A chain's head (`journal_heads`), advanced by every entry appended to the chain: appending locks
/// it, so entries of one chain are strictly ordered while other counties' chains are written in parallel.
enum JournalHeadRow: SharedRow {
    static func lockingRead(_ chain: String, on db: any SQLConnection) throws -> JournalHead {
        let row: SQLRow?
        switch db.dialect {
        case .sqlite:
            row = try db.queryOne("SELECT seq, hash FROM journal_heads WHERE county_code = ?", [.text(chain)])
        case .postgres:
            // One round trip: creates the head of a new chain without racing a concurrent first
            // writer, or rewrites an existing head unchanged, which locks it like FOR UPDATE.
            row = try db.queryOne(
                """
                INSERT INTO journal_heads (county_code, seq, hash) VALUES (?, 0, ?)
                ON CONFLICT (county_code) DO UPDATE SET seq = journal_heads.seq RETURNING seq, hash
                """, [.text(chain), .text(JournalEntry.genesisHash)])
        }
        return JournalHead(sequence: try row?.integer(0) ?? 0, hash: try row?.text(1) ?? JournalEntry.genesisHash)
    }

    static func write(_ head: JournalHead, of chain: String) -> SQLStatement? {
        SQLStatement(
            """
            INSERT INTO journal_heads (county_code, seq, hash) VALUES (?, ?, ?)
            ON CONFLICT (county_code) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """, [.text(chain), .integer(head.sequence), .text(head.hash)])
    }

    static func advance(_ chain: String, from expected: JournalHead, to head: JournalHead) -> SQLStatement? {
        SQLStatement(
            "UPDATE journal_heads SET seq = ?, hash = ? WHERE county_code = ? AND seq = ? AND hash = ? RETURNING 1",
            [
                .integer(head.sequence), .text(head.hash), .text(chain), .integer(expected.sequence),
                .text(expected.hash),
            ])
    }
}

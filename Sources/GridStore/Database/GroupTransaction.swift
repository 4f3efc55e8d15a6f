/// What the writes of one group transaction share: rows that every write would read and rewrite —
/// a county's journal head, its case counter for the day — read once, advanced in memory, and
/// written back once just before the commit.
///
/// Without it every case reported in a batch read and rewrote the same two rows (four statements of
/// the eleven a report costs). Only the group writer's first, savepoint-free attempt uses it: if any
/// write of the batch fails, the whole attempt rolls back, in-memory values included, and the
/// writes are replayed one savepoint each on the plain path (``SQLConnection/group`` is `nil` there).
public final class GroupTransaction {
    /// Journal chain → its head as advanced by this transaction.
    var journalHeads: [String: JournalHead] = [:]
    /// (county, day) → the last case number taken in this transaction.
    var caseCounters: [CaseCounterKey: Int64] = [:]

    init() {}

    /// Writes the advanced values back; the caller commits right after.
    func writeBack(on db: any SQLConnection) throws {
        for (chain, head) in journalHeads.sorted(by: { $0.key < $1.key }) {
            try Journal.writeHead(head, of: chain, on: db)
        }
        for (key, last) in caseCounters.sorted(by: { ($0.key.county, $0.key.day) < ($1.key.county, $1.key.day) }) {
            try CaseQueries.writeCounter(key, last: last, on: db)
        }
    }
}

/// A journal chain's last entry: its sequence number and hash.
struct JournalHead {
    var sequence: Int64
    var hash: String
}

struct CaseCounterKey: Hashable {
    var county: String
    var day: String
}

/// A connection inside a group transaction's first attempt: the same statements, plus ``group``.
struct GroupConnection: SQLConnection {
    let base: any SQLConnection
    let group: GroupTransaction?

    var dialect: SQLDialect { base.dialect }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws { try base.execute(sql, arguments) }
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] { try base.query(sql, arguments) }
}

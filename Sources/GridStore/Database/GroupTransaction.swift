import GridCore

/// What the writes of one group transaction share: rows that every write would read and rewrite —
/// a county's journal head, its case counter for the day — read once, advanced in memory, and
/// written back once just before the commit; and the rows every write appends — the new case, its
/// first history row, its journal entry — gathered and inserted a few dozen to a statement.
///
/// Without it every case reported in a batch read and rewrote the same two rows and inserted three
/// rows one statement each: on PostgreSQL each statement is a round trip, so a batch of 32 reports
/// made over a hundred. Only the group writer's first, savepoint-free attempt uses it: if any write
/// of the batch fails, or the deferred inserts fail at write-back, the whole attempt rolls back,
/// in-memory values included, and the writes are replayed one savepoint each on the plain path
/// (``SQLConnection/group`` is `nil` there), where the failing one fails alone.
///
/// Deferred rows are not visible to SQL until write-back. The duplicate check, which must see the
/// group's earlier reports, reads them from the transaction's notes (``OpenCasesInTransaction``).
///
/// On PostgreSQL a batch may start from a ``Prediction``: the heads and counters the batch before
/// it leaves, while that one is still committing. It then takes those values without reading or
/// locking the rows, and its write-back, which the group writer starts only once the batch before
/// has committed (or queues right behind that one's, see ``CommitGate``), changes each row only if
/// it still holds the predicted value; if one does not, the write-back statement fails and the
/// whole transaction rolls back, to be replayed from the rows.
/// (A statement sees what committed before it started: begun earlier, the check would compare
/// against the rows as they were before the batch it predicts from.)
public final class GroupTransaction {
    /// What a batch leaves for the one written while it commits.
    struct Prediction: Sendable {
        var journalHeads: [String: JournalHead]
        var caseCounters: [CaseCounterKey: Int64]
    }

    /// A predicted value was not what the row held at write-back (the batch before failed to
    /// commit, or another server wrote to the county): the write-back statement failed and changed
    /// nothing (``SQLStatement/together(_:verifying:)``). Or the batch needed a read that a
    /// predicted batch must not make before the batch before has committed.
    struct PredictionMissed: Error {}

    /// Where this transaction started from, if it did not read the rows.
    let predicted: Prediction?

    /// Journal chain → its head as advanced by this transaction.
    var journalHeads: [String: JournalHead] = [:]
    /// (county, day) → the last case number taken in this transaction.
    var caseCounters: [CaseCounterKey: Int64] = [:]
    /// (county, case id) → the last history sequence given out in this transaction.
    var historySequences: [CaseKey: Int64] = [:]
    /// Rows waiting for write-back, per table, tables in the order they were first deferred into.
    private var deferred: [DeferredInsert] = []

    init(predicted: Prediction? = nil) {
        self.predicted = predicted
        journalHeads = predicted?.journalHeads ?? [:]
        caseCounters = predicted?.caseCounters ?? [:]
    }

    /// What this transaction leaves for the next, once written back.
    var prediction: Prediction { Prediction(journalHeads: journalHeads, caseCounters: caseCounters) }

    /// Queues a row for `table`; `columns` must be the same for every row of a table.
    func deferInsert(into table: String, columns: [String], row: [SQLValue]) {
        if let index = deferred.firstIndex(where: { $0.table == table }) {
            deferred[index].rows.append(row)
        } else {
            deferred.append(DeferredInsert(table: table, columns: columns, rows: [row]))
        }
    }

    /// Remembers a case whose row was deferred, for its history rows within this transaction.
    func noteNewCase(_ record: CaseRecord) {
        historySequences[CaseKey(county: record.countyCode, id: record.id)] = 0  // a new case has no history yet
    }

    /// Writes the deferred rows and the advanced values; the caller commits right after. On
    /// PostgreSQL that is one statement, one round trip (``writeBackStatement(for:)``); on SQLite,
    /// where a statement costs no round trip, a few cached ones. Throws if a predicted row had changed.
    func writeBack(on db: any SQLConnection) throws {
        let (statements, verified) = writeBackParts(for: db.dialect)
        guard db.dialect == .postgres else { return try db.executeInOrder(statements) }  // SQLite never predicts
        if let one = Self.oneStatement(statements, verified) {
            try db.execute(one)
        } else {
            try db.executeInOrder(statements)
            if !verified.isEmpty { try db.execute(SQLStatement.together([], verifying: verified)) }
        }
    }

    /// The whole write-back as one statement, which fails if a predicted row had changed; `nil` on
    /// SQLite, when there is nothing to write, or when the rows would pass PostgreSQL's 65,535 bound
    /// values (only rows sent as `VALUES` lists come near). Sent alone it is a whole transaction
    /// (``SQLConnection/runAlone(_:)``).
    func writeBackStatement(for dialect: SQLDialect) -> SQLStatement? {
        guard dialect == .postgres else { return nil }
        let (statements, verified) = writeBackParts(for: dialect)
        return Self.oneStatement(statements, verified)
    }

    private static func oneStatement(_ statements: [SQLStatement], _ verified: [SQLStatement]) -> SQLStatement? {
        let parts = statements + verified
        guard !parts.isEmpty, parts.reduce(0, { $0 + $1.arguments.count }) <= 60_000 else { return nil }
        return SQLStatement.together(statements, verifying: verified)
    }

    /// The write-back's statements, and those that change a predicted row only where it still holds
    /// the prediction (each returns a row when it did).
    private func writeBackParts(for dialect: SQLDialect) -> (statements: [SQLStatement], verified: [SQLStatement]) {
        var statements: [SQLStatement] = []
        for insert in deferred {
            if dialect == .postgres, let statement = SQLStatement.unnestInsert(into: insert.table, columns: insert.columns, rows: insert.rows) {
                statements.append(statement)
            } else {
                // 16 rows a statement: few enough distinct statement texts for SQLite's statement cache.
                statements += SQLStatement.inserts(into: insert.table, columns: insert.columns, rows: insert.rows, chunk: 16)
            }
        }
        var verified: [SQLStatement] = []
        for (chain, head) in journalHeads.sorted(by: { $0.key < $1.key }) {
            if let expected = predicted?.journalHeads[chain] {
                if head != expected { verified.append(Journal.headAdvance(of: chain, from: expected, to: head)) }
            } else {
                statements.append(Journal.headWrite(head, of: chain))
            }
        }
        for (key, last) in caseCounters.sorted(by: { ($0.key.county, $0.key.day) < ($1.key.county, $1.key.day) }) {
            if let expected = predicted?.caseCounters[key] {
                if last != expected { verified.append(CaseQueries.counterAdvance(key, from: expected, to: last)) }
            } else {
                statements.append(CaseQueries.counterWrite(key, last: last))
            }
        }
        return (statements, verified)
    }
}

private struct DeferredInsert {
    let table: String
    let columns: [String]
    var rows: [[SQLValue]]
}

/// A chain's last journal entry: its sequence number and hash.
struct JournalHead: Equatable {
    var sequence: Int64
    var hash: String
}

struct CaseCounterKey: Hashable {
    var county: String
    var day: String
}

struct CaseKey: Hashable {
    var county: String
    var id: String
}

/// A connection inside a group transaction's first attempt: the same statements, plus ``group``.
struct GroupConnection: SQLConnection {
    let base: any SQLConnection
    let group: GroupTransaction?

    var dialect: SQLDialect { base.dialect }
    var openCases: OpenCasesInTransaction? { base.openCases }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws { try base.execute(sql, arguments) }
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] { try base.query(sql, arguments) }
    func executeInOrder(_ statements: [SQLStatement]) throws { try base.executeInOrder(statements) }
}

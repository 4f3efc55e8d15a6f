import Synchronization

/// What a write transaction carries beside its statements, the same on both engines and whether
/// or not the group writer batches it (see `docs/WritePath.md`):
/// - the rows many of its writes advance (``SharedRows``), written back once before it commits;
/// - in a group writer's first attempt, the rows its writes append, gathered and inserted a few
///   dozen to a statement at that write-back;
/// - the notes of features that must learn how it ended (``TransactionParticipant``).
///
/// The database makes one for every write transaction, writes it back after the body, and tells its
/// participants once it has committed or rolled back. The group writer starts a batch on it
/// (``startBatch(from:)``) and may write it back itself.
///
/// Unchecked `Sendable`: it lives on the thread running its transaction, and reaches another only
/// in the hooks the database runs after that transaction ends (SQLite's writer queue).
public final class WriteTransaction: @unchecked Sendable {
    private(set) var rows = SharedRows()
    /// Whether appended rows wait for the write-back (``SQLConnection/insert(into:columns:row:)``).
    private(set) var defersInserts = false
    /// Rows waiting for write-back, per table, tables in the order they were first deferred into.
    private var deferred: [DeferredInsert] = []
    private var participants: [any TransactionParticipant] = []
    private var participantPositions: [ObjectIdentifier: Int] = [:]
    private let locals: DatabaseLocals
    private var committed = false

    init(locals: DatabaseLocals) {
        self.locals = locals
    }

    /// Makes this transaction a group writer's first attempt: appended rows wait for the write-back,
    /// and shared rows start from `prediction` (the batch before's, while it commits) if given.
    func startBatch(from prediction: SharedRows.Prediction?) {
        rows = SharedRows(predicted: prediction)
        defersInserts = true
    }

    /// Whether this transaction started from a prediction: the batch before may still be
    /// committing, so a read of what that batch wrote would miss it. A write that needs such a read
    /// throws ``PredictionMissed``; the batch is then replayed from the rows.
    public var startedFromPrediction: Bool { rows.startedFromPrediction }

    /// Whether a feature noted anything on this transaction: otherwise nobody need hear how it ended.
    var hasParticipants: Bool { !participants.isEmpty }

    /// The participant of type `P`, made on first use.
    func participant<P: TransactionParticipant>(_ type: P.Type) -> P {
        if let position = participantPositions[ObjectIdentifier(type)], let found = participants[position] as? P {
            return found
        }
        let made = P(shared: locals.shared(P.self))
        participantPositions[ObjectIdentifier(type)] = participants.count
        participants.append(made)
        return made
    }

    func deferInsert(into table: String, columns: [String], row: [SQLValue]) {
        if let index = deferred.firstIndex(where: { $0.table == table }) {
            deferred[index].rows.append(row)
        } else {
            deferred.append(DeferredInsert(table: table, columns: columns, rows: [row]))
        }
    }

    /// Returns what undoes everything noted after this call (shared rows, participants' notes), for
    /// a savepoint rolled back. Rows waiting for write-back are not undone: savepoints are used only
    /// where inserts do not wait.
    func savepoint() -> () -> Void {
        let restores = [rows.savepoint()] + participants.map { $0.savepoint() }
        let count = participants.count
        return { [self] in
            for restore in restores { restore() }
            for participant in participants[count...] { participant.rolledBack() }
            for participant in participants[count...] {
                participantPositions[ObjectIdentifier(type(of: participant))] = nil
            }
            participants.removeSubrange(count...)
        }
    }

    /// Tells the participants that the transaction committed, once. The group writer on PostgreSQL
    /// does so just before COMMIT, so that the batch it writes meanwhile sees what this one wrote;
    /// ``didRollBack()`` undoes that if the commit then fails.
    func didCommit() {
        guard !committed else { return }
        committed = true
        for participant in participants { participant.committed() }
    }

    func didRollBack() {
        committed = false
        for participant in participants { participant.rolledBack() }
    }

    /// Whether the database is Citus: its write-back then goes as plain statements, each routed to
    /// the shard of its rows, not as one statement the coordinator would have to take apart.
    var isDistributed: Bool { locals.distributed.load(ordering: .relaxed) }

    /// The database was found to be Citus (``CitusDistribution``).
    func noteDistributed() { locals.distributed.store(true, ordering: .relaxed) }

    // MARK: Write-back

    /// Writes the waiting rows and the advanced shared rows. On PostgreSQL that is one statement,
    /// one round trip (``writeBackStatement(for:)``); on SQLite, where a statement costs no round
    /// trip, a few cached ones. Throws if a predicted row had changed (``PredictionMissed``).
    func writeBack(on db: any SQLConnection) throws {
        let (statements, verified) = takeWriteBack(for: db.dialect)
        if isDistributed {
            // Each statement a router query on its own shard; a county's batch stays on one node and
            // commits without two-phase commit.
            try db.executeInOrder(statements)
            for statement in verified where try db.query(statement.sql, statement.arguments).isEmpty {
                throw PredictionMissed()
            }
            return
        }
        if db.dialect == .postgres, let one = Self.oneStatement(statements, verified) { return try db.execute(one) }
        try db.executeInOrder(statements)
        if !verified.isEmpty { try db.execute(SQLStatement.together([], verifying: verified)) }
    }

    /// The whole write-back as one statement, which fails if a predicted row had changed; `nil` on
    /// SQLite, when there is nothing to write, or when the rows would pass PostgreSQL's 65,535 bound
    /// values (only rows sent as `VALUES` lists come near): then ``writeBack(on:)`` follows. Sent
    /// alone it is a whole transaction (``SQLConnection/runAlone(_:)``).
    func writeBackStatement(for dialect: SQLDialect) -> SQLStatement? {
        guard dialect == .postgres, !isDistributed else { return nil }
        let savedRows = rows.savepoint()
        let savedDeferred = deferred
        let (statements, verified) = takeWriteBack(for: dialect)
        if let one = Self.oneStatement(statements, verified) { return one }
        // Written the other way after all.
        savedRows()
        deferred = savedDeferred
        return nil
    }

    private static func oneStatement(_ statements: [SQLStatement], _ verified: [SQLStatement]) -> SQLStatement? {
        let parts = statements + verified
        guard !parts.isEmpty, parts.reduce(0, { $0 + $1.arguments.count }) <= 60_000 else { return nil }
        return SQLStatement.together(statements, verifying: verified)
    }

    /// The write-back's statements, and those that change a predicted row only where it still holds
    /// the prediction; afterwards nothing waits.
    private func takeWriteBack(for dialect: SQLDialect) -> (statements: [SQLStatement], verified: [SQLStatement]) {
        var statements: [SQLStatement] = []
        for insert in deferred {
            if dialect == .postgres, !isDistributed,
                let statement = SQLStatement.unnestInsert(
                    into: insert.table, columns: insert.columns, rows: insert.rows)
            {
                statements.append(statement)
            } else {
                // 16 rows a statement: few enough distinct statement texts for SQLite's statement cache.
                // On Citus every statement is a round trip through the coordinator: as many rows
                // as PostgreSQL's bound values allow.
                let chunk = isDistributed ? max(16, 60_000 / max(insert.columns.count, 1)) : 16
                statements += SQLStatement.inserts(
                    into: insert.table, columns: insert.columns, rows: insert.rows, chunk: chunk)
            }
        }
        deferred = []
        let (written, verified) = rows.writeBack()
        return (statements + written, verified)
    }
}

private struct DeferredInsert {
    let table: String
    let columns: [String]
    var rows: [[SQLValue]]
}

/// A feature's notes on one write transaction, told how the transaction ended: the open-case index
/// learns of the cases a transaction wrote once it has committed. Made on first use
/// (``SQLConnection/participant(_:)``); the database layer knows no participant.
public protocol TransactionParticipant: AnyObject {
    /// What all transactions of one database share (the open-case index), made once per database.
    associatedtype Shared: Sendable
    static func makeShared() -> Shared
    init(shared: Shared)
    /// The transaction committed, or is about to (``WriteTransaction/didCommit()``). Called once.
    func committed()
    /// The transaction rolled back: also after ``committed()``, when the COMMIT that followed failed.
    func rolledBack()
    /// Returns what undoes the notes made after this call, for a savepoint rolled back.
    func savepoint() -> () -> Void
}

/// Values one database keeps for all its transactions, one of each type (``TransactionParticipant/Shared``).
final class DatabaseLocals: Sendable {
    private let values = Mutex<[ObjectIdentifier: any Sendable]>([:])
    /// The database is Citus (distributed PostgreSQL): learnt when the migrations place its tables.
    let distributed = Atomic<Bool>(false)

    func shared<P: TransactionParticipant>(_ participant: P.Type) -> P.Shared {
        values.withLock { values in
            if let found = values[ObjectIdentifier(participant)] as? P.Shared { return found }
            let made = P.makeShared()
            values[ObjectIdentifier(participant)] = made
            return made
        }
    }
}

/// A predicted value was not what the row held at write-back (the batch before failed to commit,
/// or another server wrote meanwhile): the write-back statement failed and changed nothing
/// (``SQLStatement/together(_:verifying:)``). Or a write needed a read that a predicted batch must
/// not make before the batch before has committed. The batch is replayed from the rows.
public struct PredictionMissed: Error {}

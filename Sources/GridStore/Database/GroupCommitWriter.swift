import GridCore

/// Gathers the writes of all requests waiting at a moment into one transaction (group commit), and
/// answers each only after that transaction is durable, running the next batch while it becomes so.
///
/// A durable commit costs about 0.18 ms on SQLite here, so one commit per request caps intake near
/// 5,700/s; sharing commits lifts the cap while light load still sees one request per commit. One bad
/// request fails alone without undoing its neighbours: a batch with a failing write is replayed with
/// a savepoint per write.
///
/// Batches are written one after another, but a batch need not wait for the one before it to
/// commit. On SQLite the commit returns before it is durable (``WriteAheadLogFlusher``). On
/// PostgreSQL the next batch is written, on another connection, while the one before commits,
/// starting from the shared rows that one leaves (``SharedRows/Prediction``: journal heads, case
/// counters) and verifying them at its write-back; a batch whose prediction missed is replayed from the rows.
/// Its write-back goes out once the one before has committed, or sooner, queued right behind that
/// one's on the connection where write-backs take turns (``CommitGate``). Until then it takes in
/// the writes that arrive (``WaitingWrites``).
///
/// What to write next and when to wait is decided by ``GroupCommitPlan``, which does no I/O; this
/// actor does what it says. The contract of a write is on ``submit(_:)``; `docs/WritePath.md`
/// draws one batch on each engine.
public actor GroupCommitWriter {
    private typealias Plan = GroupCommitPlan<[PendingWrite], Task<BatchEnd, Never>, BatchPrediction>

    /// What a batch leaves for the next, and the gate its write-back must follow.
    struct BatchPrediction: Sendable {
        var rows: SharedRows.Prediction
        var after: CommitGate
    }

    private let database: any GridDatabase
    private let maxBatch: Int
    /// Whether a batch is written from the prediction of the batch before (PostgreSQL).
    private let predicts: Bool
    private let waiting = WaitingWrites()
    private var flushing = false
    private var plan: Plan

    /// Sizes of the batches committed, for benchmarks and tests.
    public var batchesCommitted: Int { plan.batchesCommitted }
    public var writesCommitted: Int { plan.writesCommitted }
    /// Batches written from a prediction that missed, and replayed (for tests).
    public var predictionsMissed: Int { plan.predictionsMissed }

    public init(database: any GridDatabase, maxBatch: Int = 512) {
        self.database = database
        self.maxBatch = maxBatch
        predicts = database.dialect == .postgres
        plan = Plan(predicts: predicts)
    }

    /// Runs `work` in the next group transaction and returns its result once that is durable.
    ///
    /// The contract of `work`, which shares its transaction with the other writes of its batch:
    /// - It may run more than once: if any write of its batch fails, the batch is rolled back whole
    ///   and replayed, each write in a savepoint; if a prediction missed, replayed from the rows. It
    ///   must therefore do nothing outside the transaction (no I/O, no counters of its own) and
    ///   return only what it read or wrote in it.
    /// - It appends rows with ``SQLConnection/insert(into:columns:row:)``: in a batch's first attempt
    ///   they wait for the write-back, so SQL does not see them (nor another write's) until then.
    ///   It advances rows many writes share only through ``SQLConnection/advance(_:_:_:)``
    ///   (``SharedRow``), and learns of earlier writes of its batch through a participant
    ///   (``SQLConnection/participant(_:)``), never by reading rows this batch appends.
    /// - On PostgreSQL a batch may be written while the one before commits: a read of what that one
    ///   wrote would miss it. A write that needs such a read throws ``PredictionMissed`` when
    ///   ``WriteTransaction/startedFromPrediction``, and is replayed from the rows.
    /// - An error it throws fails this write alone, with that error.
    public func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            waiting.append(PendingWrite(work: { try work($0) }, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
        guard let typed = result as? T else { throw StoreError.corrupt("group commit returned \(type(of: result))") }
        return typed
    }

    /// What the writer learns of a batch once its writes have run: the plan's view, and the error
    /// the writers get if it is not replayed.
    private enum Written: Sendable {
        case committing(SharedRows.Prediction?, writeBackAlone: Bool)
        case failed(any Error)
        case answered
    }

    /// Runs batch after batch while writes wait, as the plan says.
    private func flush() async {
        while true {
            let batch: [PendingWrite]
            let attempt: Plan.Attempt
            switch plan.next(writesWaiting: !waiting.isEmpty) {
            case .stop:
                flushing = false
                return
            case .settlePrevious(let handle):
                plan.previousSettled(await handle.value)
                continue
            case .replay(let replayed, let how):
                (batch, attempt) = (replayed, how)
            case .writeWaiting(let how):
                (batch, attempt) = (waiting.take(upTo: maxBatch), how)
            }
            let (written, writes, settled, committed) = await write(batch, attempt)
            var previousSettled: BatchEnd?
            if let before = plan.previousToSettle { previousSettled = await before.value }
            let outcome: Plan.Written
            let failure: (any Error)?
            switch written {
            case .committing(let leaves, let writeBackAlone):
                outcome = .committing(
                    leaves: leaves.map { BatchPrediction(rows: $0, after: committed) }, writeBackAlone: writeBackAlone)
                failure = nil
            case .failed(let error):
                (outcome, failure) = (.failed(oneWriteFailed: error is OneWriteFailed), error)
            case .answered:
                (outcome, failure) = (.answered, nil)
            }
            let all = writes.all
            switch plan.written(
                all, count: all.count, attempt: attempt, outcome: outcome, handle: settled,
                previousSettled: previousSettled)
            {
            case .next:
                break
            case .settle(let handle):
                plan.thisSettled(await handle.value)
            case .settleAfterFailure(let before, let this, let thenFail):
                _ = await before?.value
                _ = await this.value
                if thenFail, let failure { for item in all { item.continuation.resume(throwing: failure) } }
            }
        }
    }

    /// Starts a batch's transaction and returns once its writes have run, with all its writes
    /// (those it took while waiting too), the task that commits it and answers its writers (unless
    /// the writes failed: then the loop decides), and the gate that opens once its commit has returned.
    private func write(_ batch: [PendingWrite], _ attempt: Plan.Attempt) async -> (
        Written, BatchWrites, Task<BatchEnd, Never>, CommitGate
    ) {
        let (progress, report) = AsyncStream.makeStream(of: Written.self)
        let (database, waiting, maxBatch, publishesEarly) = (self.database, self.waiting, self.maxBatch, predicts)
        let writes = BatchWrites(batch)
        let committed = CommitGate(waiting)
        let settle = Task { () -> BatchEnd in
            defer {
                committed.commit()
                report.finish()
            }
            do {
                let commit = try await database.commit { db in
                    try Self.run(
                        writes, attempt, taking: waiting, upTo: maxBatch, publishesEarly: publishesEarly,
                        report: report, committed: committed, on: db)
                }
                try await commit.durable()
                for (item, outcome) in zip(writes.all, commit.value) { item.continuation.resume(with: outcome) }
            } catch is WritesFailed {
                // Reported; the loop replays or answers.
            } catch is WriteBackRefused {
                return .refused
            } catch {
                for item in writes.all { item.continuation.resume(throwing: error) }
                report.yield(.answered)  // unread if the writes were already reported
            }
            return .done
        }
        var reports = progress.makeAsyncIterator()
        return (await reports.next() ?? .answered, writes, settle, committed)
    }

    /// Runs a batch's writes and its write-back, and tells the loop (`report`) when the next batch
    /// may start.
    ///
    /// A predicted batch waits at the gate of the one before (``CommitGate``) before its
    /// write-back, and runs the writes that arrive meanwhile (from `waiting`, up to `maxBatch` in
    /// all). Its write-back then, when nothing else of its transaction has gone out, goes out alone
    /// (``SQLConnection/runAlone(_:queued:)``): one round trip that commits, while the loop starts the
    /// next batch. Otherwise the write-back ends the writes, and the next batch runs while this one's
    /// COMMIT travels.
    private static func run(
        _ writes: BatchWrites, _ attempt: Plan.Attempt, taking waiting: WaitingWrites, upTo maxBatch: Int,
        publishesEarly: Bool, report: AsyncStream<Written>.Continuation,
        committed: CommitGate, on db: any SQLConnection
    ) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        var together = false
        var predicted = false
        do {
            let transaction = try db.writeTransaction()
            switch attempt {
            case .together(let prediction):
                transaction.startBatch(from: prediction?.rows)
                results = try runTogether(writes.all, on: db)
                if let before = prediction?.after {
                    // The write-back checks the predicted rows against what the batch before
                    // committed: its statement must start after that commit, or it would not see it
                    // (queued behind the batch before's on one connection, it does).
                    committed.follow(before)
                    while db.canRunAlone, case let more = waiting.take(upTo: maxBatch - writes.count, until: before),
                        !more.isEmpty
                    {
                        writes.append(contentsOf: more)
                        results += try runTogether(more, on: db)
                    }
                    before.waitUntilNextMayFollow()
                    predicted = true
                }
                together = true
            case .apart:
                results = try runApart(writes.all, in: transaction, on: db)
            }
            if together, predicted, db.canRunAlone, let alone = transaction.writeBackStatement(for: db.dialect) {
                // The next batch starts now and must see what this one wrote (the participants
                // forget it again if the write-back fails).
                transaction.didCommit()
                report.yield(.committing(transaction.rows.prediction, writeBackAlone: true))
                // Its statement has committed or failed: the next batch's write-back may go now, not
                // only once this thread is back in the writer's task and has answered everyone.
                defer { committed.commit() }
                do { try db.runAlone(alone, queued: committed.queue) } catch is StatementRejected {
                    throw WriteBackRefused()
                }
                return results
            }
            // A deferred insert that fails (a constraint) belongs to one write; the replay finds which.
            if together { do { try transaction.writeBack(on: db) } catch { throw OneWriteFailed() } }
            if publishesEarly { transaction.didCommit() }
            report.yield(
                .committing(publishesEarly && together ? transaction.rows.prediction : nil, writeBackAlone: false))
        } catch let error as WriteBackRefused {
            throw error
        } catch {
            report.yield(.failed(error))
            throw WritesFailed()
        }
        return results
    }

    /// The first attempt: every write in one transaction without savepoints, its write-back left to
    /// the caller. Writes rarely fail here (requests are checked before they queue), so the
    /// savepoints and per-write write-backs are usually cost without use.
    private static func runTogether(_ batch: [PendingWrite], on db: any SQLConnection) throws -> [Result<
        any Sendable, any Error
    >] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(batch.count)
        for item in batch {
            do { results.append(.success(try item.work(db))) } catch { throw OneWriteFailed() }
        }
        return results
    }

    /// After a failed first attempt (rolled back whole): each write in its own savepoint, so the one
    /// that fails fails alone without undoing its neighbours.
    /// Each write's shared rows are written back inside its savepoint, so that one rolled back
    /// takes its advances with it.
    private static func runApart(
        _ batch: [PendingWrite], in transaction: WriteTransaction,
        on db: any SQLConnection
    ) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(batch.count)
        for item in batch {
            try db.execute("SAVEPOINT group_item")
            let restore = transaction.savepoint()
            do {
                let value = try item.work(db)
                try transaction.writeBack(on: db)
                try db.execute("RELEASE SAVEPOINT group_item")
                results.append(.success(value))
            } catch {
                try db.execute("ROLLBACK TO SAVEPOINT group_item")
                try db.execute("RELEASE SAVEPOINT group_item")
                restore()
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Rolls back the first attempt so the batch is replayed write by write.
    private struct OneWriteFailed: Error {}

    /// A batch's writes failed and were reported to the loop, which replays or answers them.
    private struct WritesFailed: Error {}

    /// A write-back sent alone was refused after the loop had moved on (``BatchEnd/refused``).
    private struct WriteBackRefused: Error {}
}

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
/// starting from the journal heads and case counters that one leaves (``GroupTransaction/Prediction``)
/// and verifying them at its write-back; a batch whose prediction missed is replayed from the rows.
/// Its write-back goes out once the one before has committed, or sooner, queued right behind that
/// one's on the connection where write-backs take turns (``CommitGate``). Until then it takes in
/// the writes that arrive (``WaitingWrites``).
public actor GroupCommitWriter {
    private let database: any GridDatabase
    private let maxBatch: Int
    /// Whether a batch is written from the prediction of the batch before (PostgreSQL).
    private let predicts: Bool
    private let waiting = WaitingWrites()
    private var flushing = false
    /// Sizes of the batches committed, for benchmarks and tests.
    public private(set) var batchesCommitted = 0
    public private(set) var writesCommitted = 0
    /// Batches written from a prediction that missed, and replayed (for tests).
    public private(set) var predictionsMissed = 0

    public init(database: any GridDatabase, maxBatch: Int = 512) {
        self.database = database
        self.maxBatch = maxBatch
        predicts = database.dialect == .postgres
    }

    /// Runs `work` in the next group transaction and returns its result once that is committed.
    public func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            waiting.append(PendingWrite(work: { try work($0) }, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
        guard let typed = result as? T else { throw StoreError.corrupt("group commit returned \(type(of: result))") }
        return typed
    }

    /// How a batch is written.
    private enum Attempt {
        /// All writes in one transaction (``runTogether(_:in:on:)``), from the rows or from the
        /// prediction of the batch before, at whose gate the write-back waits.
        case together(predicted: (GroupTransaction.Prediction, after: CommitGate)?)
        /// Each write in its own savepoint (``runApart(_:on:)``).
        case apart
    }

    /// What the loop learns of a batch once its writes have run.
    private enum Written: Sendable {
        /// Written, and committing; its writers are answered when it is durable. With what it leaves
        /// for the next batch, and whether its write-back is still to go out alone (it may yet be refused).
        case committing(GroupTransaction.Prediction?, writeBackAlone: Bool)
        /// The writes failed and rolled back; nobody is answered yet.
        case failed(any Error)
        /// The transaction failed outside the writes (it could not begin); its writers were told.
        case answered
    }

    /// How a batch ended once the loop had moved on from it.
    private enum Settled: Sendable {
        /// Its writers were answered (or, if its writes failed, the loop was told).
        case done
        /// Its write-back, sent alone, was refused because a predicted row had changed, and changed
        /// nothing: nobody is answered yet, and it must be replayed from the rows.
        case refused
    }

    /// Runs batch after batch while writes wait.
    private func flush() async {
        // The batch before, while it may still be committing; if its write-back went out alone after
        // the loop moved on, it may still be refused.
        var previous: (batch: BatchWrites, settled: Task<Settled, Never>, writeBackAlone: Bool)?
        var prediction: (GroupTransaction.Prediction, after: CommitGate)?
        var replays: [(batch: [PendingWrite], attempt: Attempt)] = []
        while true {
            let batch: [PendingWrite], attempt: Attempt
            if !replays.isEmpty {
                (batch, attempt) = replays.removeFirst()
            } else if case let taken = waiting.take(upTo: maxBatch), !taken.isEmpty {
                batch = taken
                attempt = .together(predicted: predicts ? prediction : nil)
            } else if let last = previous, last.writeBackAlone {
                previous = nil
                if await last.settled.value == .refused {
                    replays.append(refused(last.batch.all))
                    prediction = nil
                }
                continue
            } else {
                break
            }
            let (written, writes, settled, committed) = await write(batch, attempt)
            // The batch before settles while this one is written; if it was refused, this one was
            // written from a prediction that no longer holds.
            var predictedFromRefused = false
            if let before = previous, before.writeBackAlone, await before.settled.value == .refused {
                replays.append(refused(before.batch.all))
                predictedFromRefused = true
            }
            switch written {
            case .committing(let next, let writeBackAlone):
                batchesCommitted += 1
                writesCommitted += writes.count
                if predictedFromRefused {
                    // Whatever it wrote, the next batch starts from the rows once it has settled.
                    if await settled.value == .refused { replays.append(refused(writes.all)) }
                    (previous, prediction) = (nil, nil)
                } else {
                    (previous, prediction) = ((writes, settled, writeBackAlone), next.map { ($0, committed) })
                }
            case .answered:
                (previous, prediction) = (nil, nil)
            case .failed(let error):
                // What the replay reads must have settled: the batch before (if its commit failed, the
                // open-case index forgets what it published early) and this attempt's rollback.
                _ = await previous?.settled.value
                _ = await settled.value
                (previous, prediction) = (nil, nil)
                switch attempt {
                case .together(predicted: .some):
                    predictionsMissed += 1
                    replays.append((writes.all, .together(predicted: nil)))
                case .together(predicted: nil) where error is OneWriteFailed:
                    replays.append((writes.all, .apart))
                default:
                    for item in writes.all { item.continuation.resume(throwing: error) }
                }
            }
        }
        flushing = false
    }

    /// Takes back the count of a refused batch and queues it to be replayed from the rows.
    private func refused(_ batch: [PendingWrite]) -> (batch: [PendingWrite], attempt: Attempt) {
        batchesCommitted -= 1
        writesCommitted -= batch.count
        predictionsMissed += 1
        return (batch, .together(predicted: nil))
    }

    /// Starts a batch's transaction and returns once its writes have run, with all its writes
    /// (those it took while waiting too), the task that commits it and answers its writers (unless
    /// the writes failed: then the loop decides), and the gate that opens once its commit has returned.
    private func write(_ batch: [PendingWrite], _ attempt: Attempt) async -> (Written, BatchWrites, Task<Settled, Never>, CommitGate) {
        let (progress, report) = AsyncStream.makeStream(of: Written.self)
        let (database, waiting, maxBatch, publishesEarly) = (self.database, self.waiting, self.maxBatch, predicts)
        let writes = BatchWrites(batch)
        let committed = CommitGate(waiting)
        let settle = Task { () -> Settled in
            defer {
                committed.commit()
                report.finish()
            }
            do {
                let commit = try await database.commit { db in
                    try Self.run(writes, attempt, taking: waiting, upTo: maxBatch, publishesEarly: publishesEarly,
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
    private static func run(_ writes: BatchWrites, _ attempt: Attempt, taking waiting: WaitingWrites, upTo maxBatch: Int,
                            publishesEarly: Bool, report: AsyncStream<Written>.Continuation,
                            committed: CommitGate, on db: any SQLConnection) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        var group: GroupTransaction?
        var predicted = false
        do {
            switch attempt {
            case .together(let prediction):
                let shared = GroupTransaction(predicted: prediction?.0)
                results = try runTogether(writes.all, in: shared, on: db)
                if let before = prediction?.after {
                    // The write-back checks the predicted rows against what the batch before
                    // committed: its statement must start after that commit, or it would not see it
                    // (queued behind the batch before's on one connection, it does).
                    committed.follow(before)
                    while db.canRunAlone, case let more = waiting.take(upTo: maxBatch - writes.count, until: before), !more.isEmpty {
                        writes.append(contentsOf: more)
                        results += try runTogether(more, in: shared, on: db)
                    }
                    before.waitUntilNextMayFollow()
                    predicted = true
                }
                group = shared
            case .apart:
                results = try runApart(writes.all, on: db)
            }
            if let group, predicted, db.canRunAlone, let alone = group.writeBackStatement(for: db.dialect) {
                // The next batch starts now and must see this one's cases (the index forgets them
                // again if the write-back fails).
                db.openCases?.publish()
                report.yield(.committing(group.prediction, writeBackAlone: true))
                // Its statement has committed or failed: the next batch's write-back may go now, not
                // only once this thread is back in the writer's task and has answered everyone.
                defer { committed.commit() }
                do { try db.runAlone(alone, queued: committed.queue) } catch is StatementRejected { throw WriteBackRefused() }
                return results
            }
            // A deferred insert that fails (a constraint) belongs to one write; the replay finds which.
            do { try group?.writeBack(on: db) } catch { throw OneWriteFailed() }
        } catch let error as WriteBackRefused {
            throw error
        } catch {
            report.yield(.failed(error))
            throw WritesFailed()
        }
        if publishesEarly { db.openCases?.publish() }
        report.yield(.committing(publishesEarly ? group?.prediction : nil, writeBackAlone: false))
        return results
    }

    /// The first attempt: every write in one transaction without savepoints, sharing `group`,
    /// whose write-back is left to the caller. Writes rarely fail here (requests are checked before
    /// they queue), so the savepoints and per-write rereads of shared rows are usually cost without use.
    private static func runTogether(_ batch: [PendingWrite], in group: GroupTransaction,
                                    on db: any SQLConnection) throws -> [Result<any Sendable, any Error>] {
        let connection = GroupConnection(base: db, group: group)
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(batch.count)
        for item in batch {
            do { results.append(.success(try item.work(connection))) } catch { throw OneWriteFailed() }
        }
        return results
    }

    /// After a failed first attempt (rolled back whole): each write in its own savepoint, so the one
    /// that fails fails alone without undoing its neighbours.
    private static func runApart(_ batch: [PendingWrite], on db: any SQLConnection) throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(batch.count)
        for item in batch {
            try db.execute("SAVEPOINT group_item")
            let noted = db.openCases?.mark
            do {
                let value = try item.work(db)
                try db.execute("RELEASE SAVEPOINT group_item")
                results.append(.success(value))
            } catch {
                try db.execute("ROLLBACK TO SAVEPOINT group_item")
                try db.execute("RELEASE SAVEPOINT group_item")
                if let noted { db.openCases?.rollBack(to: noted) }
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Rolls back the first attempt so the batch is replayed write by write.
    private struct OneWriteFailed: Error {}

    /// A batch's writes failed and were reported to the loop, which replays or answers them.
    private struct WritesFailed: Error {}

    /// A write-back sent alone was refused after the loop had moved on (``Settled/refused``).
    private struct WriteBackRefused: Error {}
}

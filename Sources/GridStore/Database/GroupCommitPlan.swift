/// The group writer's decisions, without I/O: which batch to write next and how, from which
/// prediction, what to replay, and which batch's end to wait for. The writer (``GroupCommitWriter``)
/// does what a step returns and reports what happened; tests drive it step by step, with no database.
///
/// - `Batch`: the writes of one batch (replayed whole when it must be).
/// - `Handle`: what the writer waits on for a batch's end (``BatchEnd``).
/// - `Prediction`: what a batch leaves for the next, which is written from it while it commits.
struct GroupCommitPlan<Batch, Handle, Prediction> {
    /// How a batch is written.
    enum Attempt {
        /// All writes in one transaction, from the rows or from the prediction of the batch before.
        case together(from: Prediction?)
        /// Each write in its own savepoint, so that the one that fails fails alone.
        case apart
    }

    /// What the writer learns of a batch once its writes have run.
    enum Written {
        /// Written, and committing; its writers are answered when it is durable. With what it leaves
        /// for the next batch, and whether its write-back is still to go out alone (then it may yet
        /// be refused).
        case committing(leaves: Prediction?, writeBackAlone: Bool)
        /// The writes failed and rolled back; nobody is answered yet. `oneWriteFailed`: a write (or
        /// the write-back of what the writes appended) failed, not the transaction.
        case failed(oneWriteFailed: Bool)
        /// The transaction failed outside the writes (it could not begin, the connection was lost);
        /// its writers were told.
        case answered
    }

    enum Next {
        /// Write a batch again.
        case replay(Batch, Attempt)
        /// Take the writes waiting and write them.
        case writeWaiting(Attempt)
        /// Nothing waits, but the batch before may yet be refused: wait for its end and report it
        /// (``previousSettled(_:)``).
        case settlePrevious(Handle)
        /// Nothing to do.
        case stop
    }

    enum AfterWritten {
        case next
        /// The batch before was refused after this one was written from its prediction: wait for this
        /// one's end too and report it (``thisSettled(_:)``).
        case settle(Handle)
        /// The writes failed: wait for the end of the batch before and of this attempt's rollback
        /// (what a replay reads must have settled); then, if `thenFail`, answer every writer with the
        /// error (the replays are already planned otherwise).
        case settleAfterFailure(previous: Handle?, this: Handle, thenFail: Bool)
    }

    private struct Previous {
        var batch: Batch
        var count: Int
        var handle: Handle
        var writeBackAlone: Bool
    }

    /// Whether a batch is written from the prediction of the batch before (PostgreSQL).
    private let predicts: Bool
    /// The batch before, while it may still be committing.
    private var previous: Previous?
    private var prediction: Prediction?
    private var replays: [(Batch, Attempt)] = []
    /// A batch written from the prediction of one refused meanwhile, until its own end is known.
    private var settling: (batch: Batch, count: Int)?

    private(set) var batchesCommitted = 0
    private(set) var writesCommitted = 0
    /// Batches written from a prediction that missed, and replayed.
    private(set) var predictionsMissed = 0

    init(predicts: Bool) {
        self.predicts = predicts
    }

    /// What to do next: replays first, then the writes waiting, then the end of the batch before.
    mutating func next(writesWaiting: Bool) -> Next {
        if !replays.isEmpty {
            let (batch, attempt) = replays.removeFirst()
            return .replay(batch, attempt)
        }
        if writesWaiting { return .writeWaiting(.together(from: predicts ? prediction : nil)) }
        if let last = previous, last.writeBackAlone { return .settlePrevious(last.handle) }
        (previous, prediction) = (nil, nil)
        return .stop
    }

    /// The batch before ended (after ``Next/settlePrevious(_:)``).
    mutating func previousSettled(_ settled: BatchEnd) {
        guard let last = previous else { return }
        previous = nil
        if settled == .refused {
            replays.append(refused(last.batch, count: last.count))
            prediction = nil
        }
    }

    /// The batch before, if it may yet be refused: the writer waits for its end once the next batch
    /// is written, before reporting that one (``written(_:count:attempt:outcome:handle:previousSettled:)``).
    var previousToSettle: Handle? {
        guard let previous, previous.writeBackAlone else { return nil }
        return previous.handle
    }

    /// A batch's writes have run. `count`: its writes (with those it took while waiting).
    /// `previousSettled`: how the batch before ended, if the writer waited (``previousToSettle``).
    mutating func written(
        _ batch: Batch, count: Int, attempt: Attempt, outcome: Written, handle: Handle,
        previousSettled: BatchEnd?
    ) -> AfterWritten {
        // If the batch before was refused, this one was written from a prediction that no longer holds.
        var predictedFromRefused = false
        if let before = previous, before.writeBackAlone, previousSettled == .refused {
            replays.append(refused(before.batch, count: before.count))
            predictedFromRefused = true
        }
        switch outcome {
        case .committing(let leaves, let writeBackAlone):
            batchesCommitted += 1
            writesCommitted += count
            if predictedFromRefused {
                // Whatever it wrote, the next batch starts from the rows once it has ended.
                (previous, prediction) = (nil, nil)
                settling = (batch, count)
                return .settle(handle)
            }
            previous = Previous(batch: batch, count: count, handle: handle, writeBackAlone: writeBackAlone)
            prediction = leaves
            return .next
        case .answered:
            (previous, prediction) = (nil, nil)
            return .next
        case .failed(let oneWriteFailed):
            let before = previous?.handle
            (previous, prediction) = (nil, nil)
            switch attempt {
            case .together(from: .some):
                predictionsMissed += 1
                replays.append((batch, .together(from: nil)))
                return .settleAfterFailure(previous: before, this: handle, thenFail: false)
            case .together(from: .none) where oneWriteFailed:
                replays.append((batch, .apart))
                return .settleAfterFailure(previous: before, this: handle, thenFail: false)
            default:
                return .settleAfterFailure(previous: before, this: handle, thenFail: true)
            }
        }
    }

    /// The batch written from a refused prediction ended (after ``AfterWritten/settle(_:)``).
    mutating func thisSettled(_ settled: BatchEnd) {
        guard let (batch, count) = settling else { return }
        settling = nil
        if settled == .refused { replays.append(refused(batch, count: count)) }
    }

    /// Takes back the count of a refused batch and plans its replay from the rows.
    private mutating func refused(_ batch: Batch, count: Int) -> (Batch, Attempt) {
        batchesCommitted -= 1
        writesCommitted -= count
        predictionsMissed += 1
        return (batch, .together(from: nil))
    }
}

extension GroupCommitPlan.Attempt: Sendable where Prediction: Sendable {}

/// How a batch ended once the writer had moved on from it.
enum BatchEnd: Sendable {
    /// Its writers were answered (or, if its writes failed, the writer was told).
    case done
    /// Its write-back, sent alone, was refused because a predicted row had changed, and changed
    /// nothing: nobody is answered yet, and it must be replayed from the rows.
    case refused
}

import GridCore
import Synchronization

/// The cases of the latest committed group transactions, so that a read taken before a write queues
/// can be completed inside the group with what committed after it.
///
/// The duplicate check reads the table before a report queues for the writer (on PostgreSQL each
/// probe inside the serial writer was a round trip and a fresh plan). A case committed after that read
/// began may be missing from it; the report finds it here, in the batches after the ``mark()`` it
/// took before reading. A batch replayed write by write records no cases; a report whose read is
/// older than it, or older than what is kept, probes again inside the transaction.
public final class CommittedCases: Sendable {
    private struct Batch {
        let number: Int
        /// `nil`: committed, but its cases are not known here.
        let cases: [CaseRecord]?
    }

    private struct State {
        var lastBatch = 0
        var batches: [Batch] = []
    }

    private let state = Mutex(State())
    private let keep: Int

    /// `keep`: how many of the latest batches are remembered.
    init(keep: Int = 256) {
        self.keep = keep
    }

    /// The number of the last batch committed: a read that starts after this call sees that batch.
    public func mark() -> Int {
        state.withLock { $0.lastBatch }
    }

    /// Records a batch right after its commit (`nil` if its cases are not known).
    func record(_ cases: [CaseRecord]?) {
        state.withLock { state in
            state.lastBatch += 1
            state.batches.append(Batch(number: state.lastBatch, cases: cases.map { $0.filter { $0.location != nil } }))
            if state.batches.count > keep { state.batches.removeFirst(state.batches.count - keep) }
        }
    }

    /// The located cases of every batch committed after `mark`, or `nil` when one of them is not known.
    func since(_ mark: Int) -> [CaseRecord]? {
        state.withLock { state in
            guard mark >= state.lastBatch - state.batches.count else { return nil }  // older than what is kept
            var cases: [CaseRecord] = []
            for batch in state.batches where batch.number > mark {
                guard let known = batch.cases else { return nil }
                cases += known
            }
            return cases
        }
    }
}

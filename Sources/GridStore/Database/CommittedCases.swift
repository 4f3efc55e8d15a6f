import GridCore
import Synchronization

/// The cases of the latest committed group transactions, so that a read taken before a write queues
/// can be completed inside the group with what committed after it.
///
/// The duplicate check reads the table before a report queues for the writer (on PostgreSQL each
/// probe inside the serial writer was a round trip and a fresh plan). A case committed after that read
/// began may be missing from it; the report finds it here, in the batches after the ``mark()`` it
/// took before reading. A batch replayed write by write records no cases; a report whose read is
/// older than it, or older than what is kept, probes again inside the transaction. Nothing is kept
/// until the first mark is taken: on SQLite no report reads before queueing.
public final class CommittedCases: Sendable {
    private struct Batch {
        let number: Int
        /// `nil`: committed, but its cases are not known here.
        let cases: [CaseRecord]?
    }

    private struct State {
        var lastBatch = 0
        var batches: [Batch] = []
        var casesKept = 0
        var marked = false
    }

    private let state = Mutex(State())
    private let keepBatches: Int
    private let keepCases: Int

    /// Remembers the latest `keepBatches` batches, fewer when they hold more than `keepCases` cases.
    /// A report waits behind one or two batches, so the defaults are far more than it needs.
    init(keepBatches: Int = 256, keepCases: Int = 20_000) {
        self.keepBatches = keepBatches
        self.keepCases = keepCases
    }

    /// The number of the last batch committed: a read that starts after this call sees that batch.
    public func mark() -> Int {
        state.withLock { state in
            state.marked = true
            return state.lastBatch
        }
    }

    /// Records a batch right after its commit (`nil` if its cases are not known).
    func record(_ cases: [CaseRecord]?) {
        state.withLock { state in
            state.lastBatch += 1
            guard state.marked else { return }
            let located = cases.map { $0.filter { $0.location != nil } }
            state.batches.append(Batch(number: state.lastBatch, cases: located))
            state.casesKept += located?.count ?? 0
            while state.batches.count > keepBatches || (state.casesKept > keepCases && state.batches.count > 1) {
                state.casesKept -= state.batches.removeFirst().cases?.count ?? 0
            }
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

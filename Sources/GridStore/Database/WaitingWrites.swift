import Foundation
import Synchronization

/// One write waiting for the group writer, and the request waiting for its answer.
struct PendingWrite: Sendable {
    let work: @Sendable (any SQLConnection) throws -> any Sendable
    let continuation: CheckedContinuation<any Sendable, any Error>
}

/// The writes waiting for a batch (``GroupCommitWriter``), and the gates its batches wait at.
///
/// The writer's loop takes waiting writes a batch at a time. A batch that has run its writes and
/// waits for the one before it to commit (``CommitGate``) also takes the writes that arrive
/// meanwhile and runs them too: otherwise they would wait for the next batch, a whole commit later.
/// Both kinds of waiting share one condition, so a waiting batch wakes for whichever comes first.
final class WaitingWrites: @unchecked Sendable {  // all state is guarded by `condition`
    /// Also guards each ``CommitGate`` of these writes.
    fileprivate let condition = NSCondition()
    private var pending: [PendingWrite] = []

    func append(_ write: PendingWrite) {
        condition.lock()
        pending.append(write)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether no write waits. Only the writer takes, so a write seen here is still there to take.
    var isEmpty: Bool {
        condition.lock()
        defer { condition.unlock() }
        return pending.isEmpty
    }

    /// Up to `limit` of the writes waiting, oldest first.
    func take(upTo limit: Int) -> [PendingWrite] {
        condition.lock()
        defer { condition.unlock() }
        return takeLocked(upTo: limit)
    }

    /// Blocks until `gate` lets the next batch follow or writes arrive: returns up to `limit` of
    /// those writes, or none once the next batch may follow.
    func take(upTo limit: Int, until gate: CommitGate) -> [PendingWrite] {
        condition.lock()
        defer { condition.unlock() }
        while !gate.mayFollow && pending.isEmpty { condition.wait() }
        return gate.mayFollow ? [] : takeLocked(upTo: limit)
    }

    private func takeLocked(upTo limit: Int) -> [PendingWrite] {
        let taken = Array(pending.prefix(limit))
        pending.removeFirst(taken.count)
        return taken
    }
}

/// Where the batch written from a batch's prediction waits before its write-back, on its blocking
/// thread. That write-back verifies the prediction, so it must start after this batch has committed.
///
/// It may go once this batch has committed (``commit()``, also called when it failed), or sooner:
/// once this batch's write-back is in line where statements run alone take turns
/// (``SQLConnection/runAlone(_:queued:)``, ``queue()``) and the batch before has committed. Then this
/// batch's write-back is the next to run, and the next one, queued right behind it while it runs,
/// starts as soon as it commits. Waiting for the batch before lets the next batch take in the writes
/// that arrive meanwhile, instead of lining up many small write-backs.
final class CommitGate: @unchecked Sendable {  // all state is guarded by the writes' condition
    private let writes: WaitingWrites
    private var committed = false
    private var queued = false
    /// The gate this batch waited at, until this batch has committed.
    private var before: CommitGate?

    init(_ writes: WaitingWrites) { self.writes = writes }

    /// Whether the batch written from this one's prediction may send its write-back. Read it
    /// holding the writes' condition, as ``WaitingWrites`` does (or where nothing else touches the gate).
    var mayFollow: Bool { committed || (queued && before?.committed != false) }

    /// This batch waits at `gate`, the batch before's.
    func follow(_ gate: CommitGate) { changed { before = gate } }

    /// This batch's write-back is in line behind every statement run alone before it.
    func queue() { changed { queued = true } }

    /// This batch has committed, or failed; later calls do nothing.
    func commit() {
        changed {
            committed = true
            before = nil
        }
    }

    /// Blocks until the batch written from this one's prediction may send its write-back.
    func waitUntilNextMayFollow() {
        writes.condition.lock()
        while !mayFollow { writes.condition.wait() }
        writes.condition.unlock()
    }

    private func changed(_ change: () -> Void) {
        writes.condition.lock()
        change()
        writes.condition.broadcast()
        writes.condition.unlock()
    }
}

/// A batch's writes: those the loop gave it, and those it took while it waited
/// (``WaitingWrites/take(upTo:until:)``).
final class BatchWrites: Sendable {
    private let writes: Mutex<[PendingWrite]>

    init(_ writes: [PendingWrite]) { self.writes = Mutex(writes) }

    var all: [PendingWrite] { writes.withLock { $0 } }
    var count: Int { writes.withLock { $0.count } }

    func append(contentsOf more: [PendingWrite]) { writes.withLock { $0 += more } }
}

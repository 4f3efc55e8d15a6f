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

    /// Up to `limit` of the writes waiting, oldest first.
    func take(upTo limit: Int) -> [PendingWrite] {
        condition.lock()
        defer { condition.unlock() }
        return takeLocked(upTo: limit)
    }

    /// Blocks until `gate` opens or writes arrive: returns up to `limit` of those writes, or none
    /// once the gate is open.
    func take(upTo limit: Int, until gate: CommitGate) -> [PendingWrite] {
        condition.lock()
        defer { condition.unlock() }
        while !gate.isOpen && pending.isEmpty { condition.wait() }
        return gate.isOpen ? [] : takeLocked(upTo: limit)
    }

    private func takeLocked(upTo limit: Int) -> [PendingWrite] {
        let taken = Array(pending.prefix(limit))
        pending.removeFirst(taken.count)
        return taken
    }
}

/// A gate that opens once, when a batch's commit has returned (or failed). The batch written
/// from that batch's prediction waits there, on its blocking thread, before its write-back.
final class CommitGate: @unchecked Sendable {  // `isOpen` is guarded by the writes' condition
    private let writes: WaitingWrites
    fileprivate var isOpen = false

    init(_ writes: WaitingWrites) { self.writes = writes }

    /// Opens the gate; later calls do nothing.
    func open() {
        writes.condition.lock()
        isOpen = true
        writes.condition.broadcast()
        writes.condition.unlock()
    }

    func wait() {
        writes.condition.lock()
        while !isOpen { writes.condition.wait() }
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

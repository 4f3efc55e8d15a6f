import Synchronization

/// A global cap on password checks: each costs a bcrypt hash (tens of milliseconds of a core), so
/// at most `concurrent` run at once and at most `waiting` wait their turn; a check beyond that is
/// refused at once (``Busy``) instead of queueing without bound. The rest of the server (health
/// checks, the case workflow) keeps the cores the checks cannot take.
final class PasswordCheckGate: Sendable {
    struct Busy: Error {}

    private struct State {
        var running = 0
        var queue: [CheckedContinuation<Bool, Never>] = []
        /// How many at the head of `queue` are priority checks.
        var priorityWaiting = 0
    }

    let concurrent: Int
    let waiting: Int
    private let state = Mutex(State())

    init(concurrent: Int = 1, waiting: Int = 16) {
        self.concurrent = concurrent
        self.waiting = waiting
    }

    /// Runs `check` when a place is free; throws ``Busy`` when too many checks are already waiting.
    /// A `priority` check (an owner logging in from where they did before) waits at the head of
    /// the line, whatever its length, so a flood of guesses cannot keep the owner out.
    func run<T: Sendable>(priority: Bool = false, _ check: () async throws -> T) async throws -> T {
        // A waiter is handed its place by the check that leaves (``leave()``), so `running` stays counted.
        let admitted: Bool = await withCheckedContinuation { continuation in
            let decision = state.withLock { state -> Bool? in
                if state.running < concurrent {
                    state.running += 1
                    return true
                }
                if priority {
                    state.queue.insert(continuation, at: state.priorityWaiting)
                    state.priorityWaiting += 1
                    return nil
                }
                guard state.queue.count - state.priorityWaiting < waiting else { return false }
                state.queue.append(continuation)
                return nil
            }
            if let decision { continuation.resume(returning: decision) }
        }
        guard admitted else { throw Busy() }
        defer { leave() }
        return try await check()
    }

    /// Checks waiting for a place.
    var queued: Int { state.withLock { $0.queue.count } }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.queue.isEmpty {
                state.running -= 1
                return nil
            }
            state.priorityWaiting = max(0, state.priorityWaiting - 1)
            return state.queue.removeFirst()
        }
        next?.resume(returning: true)
    }
}

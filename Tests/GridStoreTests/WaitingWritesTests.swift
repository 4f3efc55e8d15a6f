import Dispatch
import Testing

@testable import GridStore

/// A batch waiting for the one before it to commit takes in the writes that arrive meanwhile, and
/// stops as soon as the gate opens.
@Suite("Group writer: writes that arrive while a batch waits for the one before")
struct WaitingWritesTests {
    /// Queues a write that answers `n` once the test runs it, and returns, once it is queued, the
    /// task awaiting its answer.
    static func submit(_ n: Int, to waiting: WaitingWrites) async -> Task<Int, any Error> {
        let (queued, signal) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            let answer = try await withCheckedThrowingContinuation { continuation in
                waiting.append(PendingWrite(work: { _ in n }, continuation: continuation))
                signal.finish()
            }
            return try #require(answer as? Int)
        }
        for await _ in queued {}
        return task
    }

    /// Takes from `waiting` on a thread of its own, as a batch's blocking thread does.
    static func take(upTo limit: Int, from waiting: WaitingWrites, until gate: CommitGate) async -> [PendingWrite] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: waiting.take(upTo: limit, until: gate)) }
        }
    }

    static func answer(_ writes: [PendingWrite]) throws {
        for write in writes { write.continuation.resume(returning: try write.work(NoConnection())) }
    }

    @Test("a write that arrives while the gate is shut is handed over; none once it opens")
    func takesArrivalsUntilOpen() async throws {
        let waiting = WaitingWrites()
        let gate = CommitGate(waiting)
        async let taken = Self.take(upTo: 10, from: waiting, until: gate)
        let answered = await Self.submit(7, to: waiting)
        let arrived = await taken
        #expect(arrived.count == 1)
        try Self.answer(arrived)
        #expect(try await answered.value == 7)

        gate.commit()
        let late = await Self.submit(8, to: waiting)
        #expect(await Self.take(upTo: 10, from: waiting, until: gate).isEmpty)
        let left = waiting.take(upTo: 10)
        #expect(left.count == 1)
        try Self.answer(left)
        #expect(try await late.value == 8)
    }

    @Test(
        "the next batch may follow once this one has committed, or once it is in line and the one before has committed")
    func nextMayFollow() {
        let waiting = WaitingWrites()
        let before = CommitGate(waiting)
        let gate = CommitGate(waiting)
        gate.follow(before)
        #expect(!gate.mayFollow)
        gate.queue()
        #expect(!gate.mayFollow)  // two write-backs in line would leave the next none of the writes arriving meanwhile
        before.commit()
        #expect(gate.mayFollow)

        let alone = CommitGate(waiting)
        #expect(!alone.mayFollow)
        alone.queue()
        #expect(alone.mayFollow)

        let unqueued = CommitGate(waiting)
        unqueued.follow(alone)
        alone.commit()
        #expect(!unqueued.mayFollow)  // committed on its own connection: nothing lines up behind it
        unqueued.commit()
        #expect(unqueued.mayFollow)
    }
}

/// A write in these tests touches no database.
private struct NoConnection: SQLConnection {
    var dialect: SQLDialect { .sqlite }
    var transaction: WriteTransaction? { nil }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws {}
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] { [] }
}

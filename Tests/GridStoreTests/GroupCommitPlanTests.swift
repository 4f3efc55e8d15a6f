import Testing

@testable import GridStore

/// The group writer's decisions, step by step, without a database: batches are lists of numbers,
/// a batch's end is named by a string, and a prediction is the string a batch leaves.
@Suite("Group commit plan: what the writer does next")
struct GroupCommitPlanTests {
    typealias Plan = GroupCommitPlan<[Int], String, String>

    /// The attempt's prediction, or `nil` for a batch read from the rows; "apart" for savepoints.
    static func describe(_ attempt: Plan.Attempt) -> String {
        switch attempt {
        case .together(let prediction): "together from \(prediction ?? "rows")"
        case .apart: "apart"
        }
    }

    static func describe(_ next: Plan.Next) -> String {
        switch next {
        case .replay(let batch, let attempt): "replay \(batch) \(describe(attempt))"
        case .writeWaiting(let attempt): "write waiting \(describe(attempt))"
        case .settlePrevious(let handle): "settle \(handle)"
        case .stop: "stop"
        }
    }

    static func describe(_ after: Plan.AfterWritten) -> String {
        switch after {
        case .next: "next"
        case .settle(let handle): "settle \(handle)"
        case .settleAfterFailure(let previous, let this, let thenFail):
            "settle \(previous ?? "-") and \(this), then \(thenFail ? "fail" : "replay")"
        }
    }

    @Test("SQLite: every batch is read from the rows, and the writer stops when nothing waits")
    func sqliteNeverPredicts() {
        var plan = Plan(predicts: false)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from rows")
        let after = plan.written(
            [1, 2], count: 2, attempt: .together(from: nil), outcome: .committing(leaves: nil, writeBackAlone: false),
            handle: "b1", previousSettled: nil)
        #expect(Self.describe(after) == "next")
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from rows")
        _ = plan.written(
            [3], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: nil, writeBackAlone: false),
            handle: "b2", previousSettled: nil)
        #expect(Self.describe(plan.next(writesWaiting: false)) == "stop")
        #expect((plan.batchesCommitted, plan.writesCommitted, plan.predictionsMissed) == (2, 3, 0))
    }

    @Test("PostgreSQL: the next batch is written from what the one before leaves")
    func nextBatchFromPrediction() {
        var plan = Plan(predicts: true)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from rows")
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: false),
            handle: "b1", previousSettled: nil)
        #expect(
            plan.previousToSettle == nil, "its write-back went out inside its transaction: it cannot be refused later")
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from p1")
    }

    @Test("a write-back sent alone is waited for before the writer stops; refused, its batch is replayed from the rows")
    func refusedWriteBackIsReplayed() {
        var plan = Plan(predicts: true)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: false),
            handle: "b1", previousSettled: nil)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [2, 3], count: 2, attempt: .together(from: "p1"), outcome: .committing(leaves: "p2", writeBackAlone: true),
            handle: "b2", previousSettled: nil)
        #expect((plan.batchesCommitted, plan.writesCommitted) == (2, 3))
        // Nothing else waits: the writer must learn how the batch sent alone ended.
        #expect(Self.describe(plan.next(writesWaiting: false)) == "settle b2")
        plan.previousSettled(.refused)
        #expect((plan.batchesCommitted, plan.writesCommitted, plan.predictionsMissed) == (1, 1, 1))
        #expect(Self.describe(plan.next(writesWaiting: true)) == "replay [2, 3] together from rows")
        _ = plan.written(
            [2, 3], count: 2, attempt: .together(from: nil), outcome: .committing(leaves: "p3", writeBackAlone: false),
            handle: "b3", previousSettled: nil)
        // The waiting writes come after the replay, from the prediction the replay leaves.
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from p3")
    }

    @Test("a write-back sent alone that committed leaves its prediction to the next batch")
    func acceptedWriteBackKeepsPrediction() {
        var plan = Plan(predicts: true)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: true),
            handle: "b1", previousSettled: nil)
        #expect(Self.describe(plan.next(writesWaiting: false)) == "settle b1")
        plan.previousSettled(.done)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from p1")
        #expect((plan.batchesCommitted, plan.predictionsMissed) == (1, 0))
    }

    @Test(
        "a batch written from a prediction that was refused meanwhile is waited for, and replayed too if it was refused"
    )
    func batchAfterRefusedOneIsReplayed() {
        var plan = Plan(predicts: true)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: true),
            handle: "b1", previousSettled: nil)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from p1")
        #expect(plan.previousToSettle == "b1")
        // b1 was refused while b2 was written from its prediction; b2's write-back went out alone too.
        let after = plan.written(
            [2], count: 1, attempt: .together(from: "p1"), outcome: .committing(leaves: "p2", writeBackAlone: true),
            handle: "b2", previousSettled: .refused)
        #expect(Self.describe(after) == "settle b2")
        plan.thisSettled(.refused)
        #expect((plan.batchesCommitted, plan.writesCommitted, plan.predictionsMissed) == (0, 0, 2))
        #expect(Self.describe(plan.next(writesWaiting: true)) == "replay [1] together from rows")
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p3", writeBackAlone: false),
            handle: "b3", previousSettled: nil)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "replay [2] together from rows")
    }

    @Test("a prediction that missed inside the writes is replayed from the rows, after the batch before has ended")
    func missedPredictionIsReplayed() {
        var plan = Plan(predicts: true)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: false),
            handle: "b1", previousSettled: nil)
        _ = plan.next(writesWaiting: true)
        let after = plan.written(
            [2], count: 1, attempt: .together(from: "p1"), outcome: .failed(oneWriteFailed: false),
            handle: "b2", previousSettled: nil)
        #expect(Self.describe(after) == "settle b1 and b2, then replay")
        #expect(plan.predictionsMissed == 1)
        #expect(Self.describe(plan.next(writesWaiting: true)) == "replay [2] together from rows")
    }

    @Test("a failing write sends its batch to savepoints, where it fails alone")
    func failingWriteGoesApart() {
        var plan = Plan(predicts: false)
        _ = plan.next(writesWaiting: true)
        let after = plan.written(
            [1, 2, 3], count: 3, attempt: .together(from: nil), outcome: .failed(oneWriteFailed: true),
            handle: "b1", previousSettled: nil)
        #expect(Self.describe(after) == "settle - and b1, then replay")
        #expect(Self.describe(plan.next(writesWaiting: true)) == "replay [1, 2, 3] apart")
        _ = plan.written(
            [1, 2, 3], count: 3, attempt: .apart, outcome: .committing(leaves: nil, writeBackAlone: false),
            handle: "b2", previousSettled: nil)
        #expect((plan.batchesCommitted, plan.writesCommitted) == (1, 3))
    }

    @Test("a transaction that fails outside its writes (the connection lost) is answered, not replayed")
    func lostConnectionIsAnswered() {
        var plan = Plan(predicts: true)
        _ = plan.next(writesWaiting: true)
        _ = plan.written(
            [1], count: 1, attempt: .together(from: nil), outcome: .committing(leaves: "p1", writeBackAlone: false),
            handle: "b1", previousSettled: nil)
        _ = plan.next(writesWaiting: true)
        // The transaction could not begin: its writers were told; the next batch reads the rows.
        #expect(
            Self.describe(
                plan.written(
                    [2], count: 1, attempt: .together(from: "p1"), outcome: .answered,
                    handle: "b2", previousSettled: nil)) == "next")
        #expect(Self.describe(plan.next(writesWaiting: true)) == "write waiting together from rows")
        // Savepoints failing outside a write (the connection lost mid-replay) fail every writer.
        let after = plan.written(
            [3], count: 1, attempt: .apart, outcome: .failed(oneWriteFailed: false), handle: "b3", previousSettled: nil)
        #expect(Self.describe(after) == "settle - and b3, then fail")
        #expect(Self.describe(plan.next(writesWaiting: false)) == "stop")
        #expect((plan.batchesCommitted, plan.predictionsMissed) == (1, 0))
    }
}

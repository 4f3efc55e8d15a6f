import GridCore
import GridTestSupport
import Testing

@testable import GridStore

/// On PostgreSQL the group writer writes a batch while the batch before it commits, from the
/// journal heads and case counters that one leaves (``SharedRows/Prediction``). Whatever
/// happens meanwhile, the journal stays one unbroken chain and every case number is given once.
@Suite("Store contract: a batch written while the one before commits")
struct PredictedBatchTests {
    static let chain = "330106"
    static let day = CalendarDay(year: 2026, month: 11, day: 23)!

    static func change(_ n: Int) -> JournalChange {
        JournalChange(
            chain: chain, actor: "test", action: "test.write", entity: "n", entityID: String(n),
            after: ["n": .number(Double(n))])
    }

    /// Appends one entry to the chain and takes one case number in a group transaction, from the
    /// rows or from `predicted` as a predicted batch would, and returns what it leaves for the next.
    @discardableResult
    static func append(
        _ n: Int, predicted: SharedRows.Prediction? = nil,
        on database: any GridDatabase
    ) async throws -> SharedRows.Prediction {
        try await database.write { db in
            let transaction = try db.writeTransaction()
            transaction.startBatch(from: predicted)
            try Journal.append(change(n), at: 1_000, on: db)
            _ = try CaseQueries.reserveNumbers(county: chain, day: day, count: 1, on: db)
            try transaction.writeBack(on: db)
            return transaction.rows.prediction
        }
    }

    @Test(
        "a predicted batch commits only where the rows still hold what it predicted",
        arguments: Backend.available.filter(\.speaksPostgres))
    func predictionsAreVerified(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let database = test.store.database
            let day = Self.day
            let counter = CaseCounterKey(county: Self.chain, day: day.description)
            // The rows as a batch that read them leaves them: one entry, one case number.
            let first = try await Self.append(1, on: database)
            #expect(first.value(of: CaseCounterRow.self, counter) == 1)

            // Predicted right: written.
            try await Self.append(2, predicted: first, on: database)
            #expect(try await Journal.entries(of: Self.chain, in: database).map(\.entityID) == ["1", "2"])

            // Behind the rows (another server wrote meanwhile) and ahead of them (the batch before
            // failed to commit): refused whole.
            let head = try #require(first.value(of: JournalHeadRow.self, Self.chain))
            let ahead = first.with(JournalHeadRow.self, Self.chain, JournalHead(sequence: 5, hash: head.hash)).with(
                CaseCounterRow.self, counter, 5)
            for stale in [first, ahead] {
                await #expect(throws: (any Error).self) { try await Self.append(3, predicted: stale, on: database) }
            }
            let counterOnly = first.with(JournalHeadRow.self, Self.chain, nil)
            await #expect(throws: PredictionMissed.self) {
                try await Self.append(4, predicted: counterOnly, on: database)
            }

            #expect(try await Journal.entries(of: Self.chain, in: database).map(\.entityID) == ["1", "2"])
            #expect(try await Journal.verify(database) == Journal.Report(chains: 1, entries: 2))
            let last = try await database.read { db in
                try db.queryOne(
                    "SELECT last FROM case_counters WHERE county_code = ? AND day = ?",
                    [.text(Self.chain), .text(day.description)])?.integer(0)
            }
            #expect(last == 2)
        }
    }

    @Test(
        "two servers reporting into one county at once give every case its own number, without gaps, on one journal chain",
        arguments: Backend.available)
    func twoServersOneCounty(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            try await test.withStoreBeside { beside in
                let seat = try await CaseStoreTests.seat(test)
                let before = try await Journal.verify(test.store.database).entries
                let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                    for n in 0..<80 {
                        let store = n % 2 == 0 ? test.store : beside
                        group.addTask {
                            try await store.scoped(to: CaseStoreTests.worker)
                                .report(
                                    CaseReport(
                                        category: "HJ01", description: "垃圾\(n)", location: seat, channel: .patrol)
                                ).record.number
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let sequences = numbers.compactMap { Int($0.split(separator: "-").last ?? "") }.sorted()
                #expect(sequences == Array(1...80))
                #expect(try await Journal.verify(test.store.database).entries == before + 80)
                // Each report names earlier ones only: it could see those of its own server and those committed.
                for number in numbers {
                    let detail = try await test.store.scoped(to: CaseStoreTests.street).caseDetail(number: number)
                    #expect(detail.record.likelyDuplicates.allSatisfy { $0 < number }, "case \(number)")
                }
            }
        }
    }
}

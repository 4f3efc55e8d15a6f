import Foundation
import GridCore
@_spi(Seeding) import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: bench data seeding")
struct CaseSeedingTests {
    static func seeded(at times: [Int64], state: CaseState) -> [CaseRecord] {
        var random = SeededGenerator(seed: 1)
        return times.map { at in
            CaseRecord(
                id: ScopedStore.newCaseID(at: at, using: &random), number: "", countyCode: "330106",
                regionCode: CaseStoreTests.grid, category: "HJ01", description: "种子案卷", location: nil, address: nil,
                channel: .patrol, reporter: "gw-1", reporterPhone: nil, discoverer: "gw-1", state: state,
                centreCode: (try? RegionCode("330106001")) ?? CaseStoreTests.grid, unit: "330106001001", step: nil,
                stepStartedAtMilliseconds: at, dueAtMilliseconds: nil, reportedAtMilliseconds: at,
                updatedAtMilliseconds: at)
        }
    }

    @Test(
        "seeded cases are numbered in time order through intake's counters, readable, and journaled once per batch",
        arguments: Backend.available)
    func seedAndReport(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let now = test.store.now.epochMilliseconds
            let written = try await test.store.seedCases(
                Self.seeded(at: [now - 3000, now - 1000, now - 2000], state: .rated),
                by: .system("bench"))
            #expect(written.map(\.number) == ["330106-20261122-0001", "330106-20261122-0002", "330106-20261122-0003"])
            #expect(written.map(\.reportedAtMilliseconds) == [now - 3000, now - 2000, now - 1000])
            // A case reported afterwards continues the day's sequence.
            let reported = try await test.store.scoped(to: CaseStoreTests.worker).report(
                CaseReport(
                    category: "HJ01", description: "楼道垃圾", location: try await CaseStoreTests.seat(test),
                    channel: .patrol))
            #expect(reported.record.number == "330106-20261122-0004")

            let view = try await test.store.scoped(to: CaseStoreTests.street).caseDetail(number: written[0].number)
            // The steps that brought it to its state follow its report, and are counted like live ones.
            #expect(
                view.record.state == .rated
                    && view.history.map(\.action) == [
                        "report", "accept", "register", "dispatch", "sign_in", "handle", "verify", "close", "rate",
                    ] && view.history.first?.to == .reported && view.history.last?.to == .rated)
            #expect(try await test.store.rebuildRollups(checkOnly: true).differences == [])
            let seedEntries = try await Journal.entries(of: "330106", in: test.store.database).filter {
                $0.action == "case.seed"
            }
            #expect(seedEntries.count == 1 && seedEntries.first?.after["rows"] == 3)
            #expect(try await Journal.verify(test.store.database).entries > 0)

            await #expect(throws: StoreError.self) {
                _ = try await test.store.seedCases(Self.seeded(at: [now], state: .closed), by: CaseStoreTests.street)
            }
        }
    }
}

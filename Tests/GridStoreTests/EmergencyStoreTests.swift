import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: emergency mode (平战转换)")
struct EmergencyStoreTests {
    typealias S = CaseStoreTests
    static let township = try! RegionCode("330106001")
    static let otherTownship = try! RegionCode("330106002")

    static func report(_ test: TestStore, at point: GeoPoint) async throws -> CaseRecord {
        try await test.store.scoped(to: S.anonymous).report(
            CaseReport(category: "HJ01", description: "路面积水", location: point, channel: .resident)
        ).record
    }

    /// Sunday afternoon; a report's 1 h acceptance limit runs from Monday 08:30. In level Ⅱ it is
    /// half as long and turns yellow at half of that.
    @Test("a township switched into level Ⅱ: its new clocks run at half, yellow at half; switched back, in full")
    func clocks() async throws {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            let county = test.store.scoped(to: S.county)
            let before = try await Self.report(test, at: seat)
            let switched = try await county.switchEmergency(Self.township, to: .two, reason: "防汛Ⅱ级应急响应")
            #expect(switched.level == .two && switched.actor == "center")

            let during = try await Self.report(test, at: seat)
            let monday0830: Int64 = 1_795_393_800_000
            #expect(during.dueAtMilliseconds == monday0830 + 30 * 60_000, "1 h × 50%")
            #expect(during.warnAtMilliseconds == monday0830 + 15 * 60_000, "yellow at 50% of it")
            #expect(before.dueAtMilliseconds == monday0830 + 60 * 60_000, "a clock already running keeps its deadline")
            // Past its earlier yellow time, the case shows yellow (and is urged), not only at 80%.
            let monday0850 = monday0830 + 20 * 60_000
            test.clock.advance(by: Double(monday0850 - test.clock.provider.epochMilliseconds) / 1000)
            #expect(try await county.caseDetail(number: during.number).timeStatus == .yellow)
            #expect(try await test.store.urgeWarned() >= 1)
            let otherSeat = try #require(
                try await test.store.scoped(to: .system("t")).region(try RegionCode("330106002001001")).region?.seat)
            let elsewhere = try await Self.report(test, at: otherSeat)
            #expect(elsewhere.dueAtMilliseconds == monday0850 + 60 * 60_000, "another township is at peace")

            try await county.switchEmergency(Self.township, to: nil, reason: "汛情解除")
            let after = try await Self.report(test, at: seat)
            #expect(after.dueAtMilliseconds == monday0850 + 60 * 60_000)
            let switches = try await county.emergencySwitches()
            #expect(switches.map(\.level) == [nil, .two], "newest first")
            #expect(try await county.emergencies().isEmpty)
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }

    @Test(
        "the most severe level declared at or above a place governs it; each level sees what concerns it",
        arguments: Backend.available)
    func governing(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let county = test.store.scoped(to: S.county)
            try await county.switchEmergency(try RegionCode("330106"), to: .three, reason: "全区Ⅲ级响应")
            try await county.switchEmergency(Self.township, to: .one, reason: "该街道Ⅰ级响应")
            try await county.switchEmergency(Self.otherTownship, to: .four, reason: "该街道Ⅳ级")
            let map = try await test.store.emergencies()
            #expect(map.level(at: S.grid) == .one)
            #expect(map.level(at: try RegionCode("330106002001001")) == .three, "Ⅳ below Ⅲ: Ⅲ governs")
            #expect(map.level(at: try RegionCode("330106003")) == .three)
            #expect(try await test.store.scoped(to: S.worker).governingEmergency()?.level == .one)
            let seen = try await test.store.scoped(to: S.street).emergencies().map(\.region.digits)
            #expect(
                seen == ["330106001000", "330106000000"], "its own and the county's above it; not another street's")
            #expect(try await county.emergencies().count == 3)
        }
    }

    @Test(
        "refused: a worker, a region outside the caller's scope, a micro-grid, an unknown region, no reason, the same level, ending what is not declared there",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            await #expect(throws: StoreError.outOfScope("switching emergency levels (command centres and admins only)"))
            {
                try await test.store.scoped(to: S.worker).switchEmergency(S.grid, to: .one, reason: "擅自")
            }
            await #expect(throws: StoreError.outOfScope("region 330106002000")) {
                try await test.store.scoped(to: S.street).switchEmergency(Self.otherTownship, to: .one, reason: "越权")
            }
            let county = test.store.scoped(to: S.county)
            await #expect(
                throws: StoreError.invalid(field: "reason", reason: "a reason of 2 to 500 characters is required")
            ) {
                try await county.switchEmergency(Self.township, to: .one, reason: "  ")
            }
            await #expect(throws: StoreError.self) {
                try await county.switchEmergency(try RegionCode("330106001001001001"), to: .one, reason: "微网格")
            }
            await #expect(throws: StoreError.notFound("region 330106099000")) {
                try await county.switchEmergency(try RegionCode("330106099"), to: .one, reason: "不存在")
            }
            await #expect(throws: StoreError.conflict("region 330106001000 is not in emergency itself")) {
                try await county.switchEmergency(Self.township, to: nil, reason: "解除")
            }
            try await county.switchEmergency(try RegionCode("330106"), to: .two, reason: "全区")
            await #expect(throws: StoreError.conflict("region 330106000000 is in level Ⅱ already")) {
                try await county.switchEmergency(try RegionCode("330106"), to: .two, reason: "再次")
            }
            await #expect(throws: StoreError.outOfScope("region 330106000000")) {
                try await test.store.scoped(to: S.street).switchEmergency(
                    try RegionCode("330106"), to: nil, reason: "下级解除上级")
            }
            #expect(try await county.emergencySwitches().count == 1, "nothing written by a refusal")
        }
    }
}

import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// No dead end for a grid without a worker: its handled cases are verified by a stand-in.
@Suite("Store contract: verifying where a grid has no worker")
struct StandInVerifierTests {
    typealias C = CaseStoreTests

    /// A hotline case in `grid`, accepted, registered, dispatched to `unit` and handled there.
    static func handledCase(_ test: TestStore, in grid: RegionCode, unit: String, handler: Caller) async throws
        -> (number: String, centre: Caller)
    {
        let seat = try #require(try await test.store.scoped(to: .system("t")).region(grid).region?.seat)
        let record = try await test.store.scoped(to: C.county).report(
            CaseReport(category: "HJ01", description: "绿化带垃圾", location: seat, channel: .hotline)
        ).record
        let centre = Caller(actor: "centre", role: .centre, scope: .region(record.centreCode))
        for action in [CaseAction.accept, .register] { _ = try await C.act(test, centre, record.number, action) }
        _ = try await test.store.scoped(to: centre).act(
            on: record.number, CaseActionInput(action: .dispatch, unit: unit))
        _ = try await C.act(test, handler, record.number, .signIn)
        _ = try await C.act(test, handler, record.number, .handle, note: "已清理")
        return (record.number, centre)
    }

    @Test(
        "the workstation or the owning centre verifies a case of a grid without a worker; never the unit that handled it",
        arguments: Backend.available)
    func standIn(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            // The demo's first community has a worker in its first grid only.
            let emptyGrid = try RegionCode("330106001001002")
            let (first, _) = try await Self.handledCase(test, in: emptyGrid, unit: "330106-CG", handler: C.department)
            #expect(
                try await test.store.scoped(to: C.station).caseDetail(number: first).allowedActions == [
                    .verify, .rework,
                ])
            #expect(try await C.act(test, C.station, first, .verify).record.state == .verified)

            // Handled by the workstation itself: it may not verify its own work; the owning centre does.
            let (second, centre) = try await Self.handledCase(
                test, in: emptyGrid, unit: "330106001001", handler: C.station)
            #expect(try await test.store.scoped(to: C.station).caseDetail(number: second).allowedActions.isEmpty)
            await #expect(throws: WorkflowRefusal.self) { try await C.act(test, C.station, second, .verify) }
            #expect(try await C.act(test, centre, second, .verify).record.state == .verified)

            // Where the grid has its worker, the workstation does not stand in.
            let (third, _) = try await Self.handledCase(test, in: C.grid, unit: "330106-CG", handler: C.department)
            #expect(try await test.store.scoped(to: C.station).caseDetail(number: third).allowedActions.isEmpty)
            #expect(try await C.act(test, C.worker, third, .verify).record.state == .verified)
        }
    }
}

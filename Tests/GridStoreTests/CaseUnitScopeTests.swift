import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// A case goes only to units that can see it.
@Suite("Store contract: units and what they see")
struct CaseUnitScopeTests {
    typealias S = CaseStoreTests

    static func dispatch(_ test: TestStore, _ caller: Caller, _ number: String, to unit: String) async throws -> CaseView {
        try await test.store.scoped(to: caller).act(on: number, CaseActionInput(action: .dispatch, unit: unit))
    }

    @Test("a case is dispatched only to a department of its county or a region whose subtree holds it", arguments: Backend.available)
    func dispatchTargets(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            // HJ01 from grid 330106001001001: owned by the street 330106001, routed to community 330106001001.
            let number = try await CaseSidePathTests.registered(test, category: "HJ01")
            for unit in ["330106001002", "330106001002001", "330106002000", "330106001001002"] {
                await #expect(throws: StoreError.invalid(field: "unit", reason: "region \(unit) does not hold the case's region 330106001001001; "
                                                             + "dispatch to a department of county 330106 or a region above the case")) {
                    try await Self.dispatch(test, S.street, number, to: unit)
                }
            }
            let otherStation = try S.caller("station2", .station, "330106001002")
            await #expect(throws: StoreError.outOfScope("case \(number)"), "the station of another community cannot see the case") {
                try await test.store.scoped(to: otherStation).caseDetail(number: number)
            }
            #expect(try await test.store.scoped(to: S.street).caseDetail(number: number).record.state == .registered, "the refusals wrote nothing")

            for unit in ["330106001001001", "330106001001", "330106001000", "330106000000", "330106-CG"] {
                let dispatched = try await Self.dispatch(test, S.street, number, to: unit)
                #expect(dispatched.record.unit == unit && dispatched.record.state == .dispatched)
                // The unit returns it to the dispatcher for the next try.
                let handler: Caller = switch unit {
                case "330106-CG": S.department
                case "330106000000": S.county
                case "330106001000": S.street
                default: try S.caller("unit", .station, unit)
                }
                _ = try await S.act(test, handler, number, .returnCase, note: "不属本单位")
            }
        }
    }
}

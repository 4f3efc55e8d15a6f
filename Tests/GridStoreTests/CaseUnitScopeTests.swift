import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// A case goes only to units that can see it, and a department sees a case only once it is
/// dispatched or whistled to it — not while intake has merely routed it there.
@Suite("Store contract: units and what they see")
struct CaseUnitScopeTests {
    typealias S = CaseStoreTests

    static func dispatch(_ test: TestStore, _ caller: Caller, _ number: String, to unit: String) async throws
        -> CaseView
    {
        try await test.store.scoped(to: caller).act(on: number, CaseActionInput(action: .dispatch, unit: unit))
    }

    @Test(
        "a case is dispatched only to a department of its county or a region whose subtree holds it",
        arguments: Backend.available)
    func dispatchTargets(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            // HJ01 from grid 330106001001001: owned by the street 330106001, routed to community 330106001001.
            let number = try await CaseSidePathTests.registered(test, category: "HJ01")
            for unit in ["330106001002", "330106001002001", "330106002000", "330106001001002"] {
                await #expect(
                    throws: StoreError.invalid(
                        field: "unit",
                        reason:
                            "region \(unit) does not hold the case's region \("330106001001001"); dispatch to a department of county \("330106") or a region above the case"
                    )
                ) {
                    try await Self.dispatch(test, S.street, number, to: unit)
                }
            }
            let otherStation = try S.caller("station2", .station, "330106001002")
            await #expect(
                throws: StoreError.outOfScope("case \(number)"), "the station of another community cannot see the case"
            ) {
                try await test.store.scoped(to: otherStation).caseDetail(number: number)
            }
            #expect(
                try await test.store.scoped(to: S.street).caseDetail(number: number).record.state == .registered,
                "the refusals wrote nothing")

            for unit in ["330106001001001", "330106001001", "330106001000", "330106000000", "330106-CG"] {
                let dispatched = try await Self.dispatch(test, S.street, number, to: unit)
                #expect(dispatched.record.unit == unit && dispatched.record.state == .dispatched)
                // The unit returns it to the dispatcher for the next try.
                let handler: Caller =
                    switch unit {
                    case "330106-CG": S.department
                    case "330106000000": S.county
                    case "330106001000": S.street
                    default: try S.caller("unit", .station, unit)
                    }
                _ = try await S.act(test, handler, number, .returnCase, note: "不属本单位")
            }
        }
    }

    @Test(
        "a department does not see, list, count, follow or attach to a case routed to it until it is dispatched",
        arguments: Backend.available)
    func departmentSeesDispatchedOnly(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let department = test.store.scoped(to: S.department)
            let (subscription, changes) = department.caseChanges()
            defer { test.store.events.finish(subscription) }
            // SR01 (占道经营) is routed to the 城管 department 330106-CG at intake.
            let reported = try await test.store.scoped(to: S.worker).report(
                CaseReport(
                    category: "SR01", description: "店门口占道经营", location: try await S.seat(test), channel: .patrol))
            let number = reported.record.number
            #expect(reported.record.unit == "330106-CG")
            let png = CaseViewQueryTests.png
            let start = test.clock.provider.now.epochMilliseconds
            for action in [CaseAction.accept, .register] {
                await #expect(throws: StoreError.outOfScope("case \(number)"), "before \(action.rawValue)") {
                    try await department.caseDetail(number: number)
                }
                await #expect(throws: StoreError.outOfScope("case \(number)")) {
                    try await department.attach(png, to: number)
                }
                await #expect(throws: StoreError.outOfScope("case \(number)")) {
                    try await department.attachments(of: number)
                }
                #expect(try await department.cases(CaseQuery()).cases.isEmpty)
                #expect(try await department.linkageShares().open == 0)
                #expect(
                    try await department.caseUpdates(fromMilliseconds: start, toMilliseconds: start + 3_600_000).isEmpty
                )
                _ = try await S.act(test, S.county, number, action)
            }

            _ = try await S.act(test, S.county, number, .dispatch)
            var iterator = changes.makeAsyncIterator()
            let first = await iterator.next()
            #expect(
                first?.number == number && first?.state == .dispatched,
                "the first change the department hears of is the dispatch")
            #expect(try await department.caseDetail(number: number).allowedActions.contains(.signIn))
            #expect(try await department.cases(CaseQuery()).cases.map(\.0.number) == [number])
            #expect(try await department.linkageShares().open == 1)
            #expect(
                try await department.caseUpdates(fromMilliseconds: start, toMilliseconds: start + 3_600_000).last?.entry
                    .action == "dispatch")
            _ = try await department.attach(png, to: number)
            _ = try await S.act(test, S.department, number, .returnCase, note: "不属本单位")
            #expect(
                try await department.caseDetail(number: number).record.state == .registered,
                "once dispatched, it keeps seeing the case")
        }
    }

    @Test(
        "a case a grid worker fixed on the spot never reaches the department it was routed to",
        arguments: Backend.available)
    func selfHandledStaysAway(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await test.store.scoped(to: S.worker).report(
                CaseReport(
                    category: "SR01", description: "占道", location: try await S.seat(test), channel: .patrol)
            ).record.number
            _ = try await S.act(test, S.worker, number, .selfHandle, note: "已劝离")
            let closed = try await S.act(test, S.county, number, .approveSelfHandling)
            #expect(closed.record.state == .closed && closed.record.unit == "330106-CG")
            let department = test.store.scoped(to: S.department)
            await #expect(throws: StoreError.outOfScope("case \(number)")) {
                try await department.caseDetail(number: number)
            }
            #expect(try await department.cases(CaseQuery()).cases.isEmpty)
            #expect(try await department.linkageShares().closed == 0)
        }
    }

    @Test("whistled departments see the case from the whistle on", arguments: Backend.available)
    func whistledSee(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await CaseSidePathTests.registered(test)
            let market = test.store.scoped(
                to: Caller(actor: "sj", role: .dept, scope: .department(try DepartmentCode("330106-SJ"))))
            #expect(try await market.cases(CaseQuery()).cases.isEmpty)
            _ = try await test.store.scoped(to: S.county).act(
                on: number, CaseActionInput(action: .whistle, departments: ["330106-CG", "330106-SJ"]))
            #expect(try await market.cases(CaseQuery()).cases.map(\.0.number) == [number])
            #expect(try await test.store.scoped(to: S.department).cases(CaseQuery()).cases.map(\.0.number) == [number])
        }
    }

    @Test(
        "the migration marks cases dispatched before the flag existed from their history", arguments: Backend.available)
    func backfill(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let dispatched = try await CaseSidePathTests.registered(test)
            _ = try await S.act(test, S.county, dispatched, .dispatch)
            let routed = try await CaseSidePathTests.registered(test)
            let migration = try #require(Migrations.all.first { $0.name == "cases dispatched to their unit" })
            try await test.store.database.write { db in
                try db.execute("UPDATE cases SET dispatched_to_unit = 0")
                try db.execute(migration.statements[1])
            }
            #expect(
                try await test.store.scoped(to: S.department).cases(CaseQuery()).cases.map(\.0.number) == [dispatched])
            #expect(
                try await test.store.scoped(to: S.county).caseDetail(number: routed).record.dispatchedToUnit == false)
        }
    }
}

import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 决策辅助 rollups: every counted step advances its counters in its own transaction, and a rebuild
/// from the history gives exactly the same counters.
@Suite("Store contract: decision-support rollups and assessment")
struct RollupStoreTests {
    typealias S = CaseStoreTests

    static let period = try! AssessmentPeriod(from: CalendarDay("2026-11-01")!, to: CalendarDay("2026-12-31")!)

    static func assessment(_ test: TestStore, _ caller: Caller = S.county, of code: String? = nil) async throws
        -> AreaAssessment
    {
        try await test.store.scoped(to: caller).assessment(of: code.map { try RegionCode($0) }, period: period)
    }

    @Test("the period before: whole months before whole months, otherwise as many days before")
    func previousPeriod() throws {
        func period(_ from: String, _ to: String) throws -> AssessmentPeriod {
            try AssessmentPeriod(from: CalendarDay(from)!, to: CalendarDay(to)!)
        }
        #expect(try period("2026-11-01", "2026-11-30").previous == period("2026-10-01", "2026-10-31"))
        #expect(try period("2026-11-01", "2026-12-31").previous == period("2026-09-01", "2026-10-31"))
        #expect(try period("2026-01-01", "2026-01-31").previous == period("2025-12-01", "2025-12-31"))
        #expect(try period("2026-11-05", "2026-11-10").previous == period("2026-10-30", "2026-11-04"))
    }

    @Test(
        "live counters equal a rebuild after every kind of action, a merge, a void, a reopening and a placing",
        arguments: Backend.available)
    func liveEqualsRebuild(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            // A patrol case through its whole life, reworked once, handled late.
            let patrol = try await test.store.scoped(to: S.worker).report(
                CaseReport(category: "HJ01", description: "楼道口垃圾堆放", location: seat, channel: .patrol)
            ).record.number
            for action in [CaseAction.accept, .register, .dispatch] {
                _ = try await S.act(test, S.street, patrol, action)
            }
            _ = try await S.act(test, S.station, patrol, .signIn)
            test.clock.advance(by: 10 * 24 * 3600)
            _ = try await S.act(test, S.station, patrol, .handle, note: "已清运")
            _ = try await S.act(test, S.worker, patrol, .rework, note: "仍有垃圾")
            _ = try await S.act(test, S.station, patrol, .handle, note: "再次清运")
            _ = try await S.act(test, S.worker, patrol, .verify)
            _ = try await S.act(test, S.street, patrol, .close)
            _ = try await S.act(test, S.worker, patrol, .rate, rating: .satisfied)

            // A hotline case rated unsatisfied, reopened, closed again.
            let hotline = try await test.store.scoped(to: S.county).report(
                CaseReport(category: "SR01", description: "占道经营", location: seat, channel: .hotline)
            ).record.number
            for action in [CaseAction.accept, .register, .dispatch] {
                _ = try await S.act(test, S.county, hotline, action)
            }
            _ = try await S.act(test, S.department, hotline, .returnCase, note: "非本部门")
            _ = try await S.act(test, S.county, hotline, .dispatch)
            _ = try await S.act(test, S.department, hotline, .signIn)
            _ = try await S.act(test, S.department, hotline, .handle, note: "已劝离")
            _ = try await S.act(test, S.worker, hotline, .verify)
            _ = try await S.act(test, S.county, hotline, .close)
            _ = try await S.act(test, S.county, hotline, .rate, note: "又回来了", rating: .unsatisfied)

            // A duplicate merged, a case voided, one self-handled, one placed on the map.
            let duplicate = try await test.store.scoped(to: S.worker).report(
                CaseReport(category: "HJ01", description: "又见垃圾", location: seat, channel: .patrol)
            ).record.number
            _ = try await test.store.scoped(to: S.street).act(
                on: duplicate, CaseActionInput(action: .merge, duplicateOf: patrol))
            let voided = try await CaseSidePathTests.registered(test, category: "MS01")
            _ = try await S.act(test, S.street, voided, .requestVoid, note: "重复录入")
            _ = try await S.act(test, S.county, voided, .approveVoid)
            let fixed = try await test.store.scoped(to: S.worker).report(
                CaseReport(category: "HJ01", description: "井盖松动已复位", location: seat, channel: .patrol)
            ).record.number
            _ = try await S.act(test, S.worker, fixed, .selfHandle, note: "已复位")
            _ = try await S.act(test, S.street, fixed, .approveSelfHandling)
            let placed = try await AddressOnlyCaseTests.reportByAddress(test).number
            _ = try await S.act(test, S.county, placed, .accept)
            _ = try await test.store.scoped(to: S.county).act(
                on: placed, CaseActionInput(action: .locate, location: seat))

            let check = try await test.store.rebuildRollups(checkOnly: true)
            #expect(check.differences == [], "\(check.differences)")
            #expect(check.steps > 30)

            // The grid's figures, counted by hand from the steps above.
            let grid = try await Self.assessment(test, of: S.grid.digits).area.inputs.flow
            #expect(grid.count("report") == 6, "every case ends up in the grid, the placed one too")
            #expect(grid.count("report", channels: [.patrol]) == 4)
            #expect(grid.count("register") == 3 && grid.count("approve_void") == 1)
            #expect(grid.count("handle") == 3 && grid.count("handle", late: true) == 1)
            #expect(grid.count("rework") == 1 && grid.count("return") == 1)
            #expect(grid.count("dispatch") == 3)
            #expect(grid.count("close", late: true) == 1, "handled late: not 按期")
            #expect(grid.count("close", late: false) == 1)
            #expect(grid.count("approve_self_handling", qualifiers: ["grid"]) == 1)
            #expect(grid.count("rate", qualifiers: ["unsatisfied"], channels: [.hotline]) == 1)
            #expect(grid.count("merge") == 1)
            let county = try await Self.assessment(test).area.inputs.flow
            func uncategorised(_ flow: CaseFlow) -> CaseFlow {
                var result = CaseFlow()
                for (key, count) in flow.counts {
                    result.add(count, channel: key.channel, category: "", measure: key.measure)
                }
                return result
            }
            #expect(uncategorised(county) == grid, "nothing happened elsewhere in the county; grids keep no category")
            #expect(county.count("report", category: "SR01") == 1)

            // The department's own node counts what it did while it held the case.
            let department = try await Self.assessment(test, S.department)
            #expect(department.area.id == "330106-CG" && department.departments.isEmpty && department.children.isEmpty)
            #expect(
                department.area.inputs.flow.count("return") == 1 && department.area.inputs.flow.count("handle") == 1)
            #expect(
                department.area.inputs.flow.count("report") == 0,
                "a unit counts only what it did while it held the case")
            let ranked = try await Self.assessment(test).departments
            #expect(ranked.first { $0.id == "330106-CG" }?.inputs.flow == department.area.inputs.flow)

            // A rebuild after the counters were damaged puts them back.
            try await test.store.database.write { db in
                try db.execute("UPDATE case_rollups SET count = count + 5 WHERE measure = 'report'", [])
            }
            let damaged = try await test.store.rebuildRollups()
            #expect(!damaged.differences.isEmpty)
            #expect(try await test.store.rebuildRollups(checkOnly: true).differences == [])
        }
    }

    @Test("reports written together in group-commit batches are each counted once", arguments: Backend.available)
    func batchedIntake(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<48 {
                    group.addTask {
                        let point = GeoPoint(lat: seat.lat + Double(index) * 0.00001, lng: seat.lng)
                        _ = try await test.store.scoped(to: S.worker).report(
                            CaseReport(
                                category: index % 2 == 0 ? "HJ01" : "SR01", description: "第\(index)件", location: point,
                                channel: .patrol))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await test.store.rebuildRollups(checkOnly: true).differences == [])
            let flow = try await Self.assessment(test).area.inputs.flow
            #expect(flow.count("report") == 48 && flow.count("report", category: "SR01") == 24)
            #expect(flow.reportsByCategory.map(\.count) == [24, 24])
        }
    }

    @Test("an assessment is refused outside the caller's scope and to residents", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            await #expect(throws: StoreError.outOfScope("region 330106001002001")) {
                try await Self.assessment(test, S.worker, of: "330106001002001")
            }
            await #expect(throws: StoreError.outOfScope("assessments")) {
                try await Self.assessment(test, S.anonymous)
            }
            let own = try await Self.assessment(test, S.worker)
            #expect(own.area.id == S.grid.digits && own.area.post == .gridWorker)
        }
    }
}

@Suite("Store contract: hotspots")
struct HotspotStoreTests {
    typealias S = CaseStoreTests

    @Test("reports piled in one grid make it a hot spot over its neighbours; refusals", arguments: Backend.available)
    func hotGrid(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            for index in 0..<12 {
                _ = try await test.store.scoped(to: S.worker).report(
                    CaseReport(
                        category: "HJ01", description: "垃圾\(index)",
                        location: GeoPoint(lat: seat.lat + Double(index) * 0.00001, lng: seat.lng), channel: .patrol))
            }
            let community = try RegionCode("330106001001")
            let period = RollupStoreTests.period
            let spots = try await test.store.scoped(to: S.county).hotspots(
                in: community, category: "HJ01", period: period, neighbourhood: .sharedBoundary)
            let grid = try #require(spots.first { $0.grid.code == S.grid })
            #expect(grid.count == 12 && spots.filter { $0.count > 0 }.count == 1)
            #expect(grid.z > 0 && spots.allSatisfy { $0.grid.code == S.grid || $0.z <= grid.z })
            let none = try await test.store.scoped(to: S.county).hotspots(
                in: community, category: "SR01", period: period, neighbourhood: .distanceBand(500))
            #expect(none.allSatisfy { $0.count == 0 && $0.z == 0 && $0.hot == nil }, "no variation, no hotspot")
            await #expect(throws: StoreError.outOfScope("hotspots")) {
                try await test.store.scoped(to: S.worker).hotspots(
                    in: S.grid, category: nil, period: period, neighbourhood: .sharedBoundary)
            }
            await #expect(throws: StoreError.outOfScope("region 330106001002")) {
                try await test.store.scoped(to: S.station).hotspots(
                    in: try RegionCode("330106001002"), category: nil, period: period, neighbourhood: .sharedBoundary)
            }
        }
    }
}

@Suite("Store contract: surge and concealment warnings")
struct WarningStoreTests {
    typealias S = CaseStoreTests

    /// Eight weeks of one patrol report a day in a grid, then three days of six; meanwhile a second
    /// grid hears of twelve problems from residents only.
    @Test(
        "a surge and a concealment risk are raised once, journaled, shown to the right levels, acknowledged",
        arguments: Backend.available)
    func raiseAndAcknowledge(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            let otherGrid = try RegionCode("330106001002001")
            let otherSeat = try #require(try await test.store.scoped(to: .system("t")).region(otherGrid).region?.seat)
            for day in 0..<59 {
                for index in 0..<(day >= 56 ? 6 : 1) {
                    _ = try await test.store.scoped(to: S.worker).report(
                        CaseReport(
                            category: "HJ01", description: "垃圾 \(day)-\(index)",
                            location: GeoPoint(lat: seat.lat + Double(index) * 0.00002, lng: seat.lng), channel: .patrol
                        ))
                }
                if day % 5 == 0 {
                    _ = try await test.store.scoped(to: S.anonymous).report(
                        CaseReport(
                            category: "SR01", description: "占道 \(day)", location: otherSeat, channel: .resident))
                }
                test.clock.advance(by: 86_400)
            }
            let raised = try await test.store.raiseWarnings()
            let surges = raised.filter { $0.kind == .surge }
            #expect(Set(surges.map(\.node.digits)) == ["330106001000", "330106000000"], "\(raised)")
            let township = try #require(surges.first { $0.node.digits == "330106001000" })
            #expect(township.category == "HJ01" && township.observed == 18 && abs(township.expected - 3) < 1e-9)
            #expect(township.figures["test"] == "poisson_exceedance")
            let concealed = Set(raised.filter { $0.kind == .concealment }.map(\.node.digits))
            #expect(concealed == ["330106001002001", "330106001002"], "\(raised)")
            #expect(try await test.store.raiseWarnings().isEmpty, "raised once a day")

            let county = test.store.scoped(to: S.county)
            #expect(try await county.warnings().count == 4)
            let street = try await test.store.scoped(to: S.street).warnings()
            #expect(street.count == 3, "the street's surge, the grid's and the community's risk; not the county's")
            let leader = Caller(actor: "gl2", role: .gridleader, scope: .region(try RegionCode("330106001002")))
            let own = try await test.store.scoped(to: leader).warnings()
            #expect(
                own.map(\.node.digits) == ["330106001002001"], "a community never sees its own risk, only its grid's")
            await #expect(throws: StoreError.outOfScope("warnings")) {
                try await test.store.scoped(to: S.worker).warnings()
            }

            await #expect(
                throws: StoreError.invalid(field: "note", reason: "a note of 1 to 500 characters is required")
            ) { try await county.acknowledgeWarning(county: "330106", id: township.id, note: " ") }
            let acknowledged = try await county.acknowledgeWarning(county: "330106", id: township.id, note: "已布置专项整治")
            #expect(acknowledged.acknowledgedBy == "center" && acknowledged.note == "已布置专项整治")
            await #expect(throws: StoreError.self, "once") {
                try await county.acknowledgeWarning(county: "330106", id: township.id, note: "再次")
            }
            #expect(try await county.warnings(openOnly: true).count == 3)
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }
}

@Suite("Store contract: field work in the assessment")
struct FieldWorkAssessmentTests {
    typealias S = CaseStoreTests

    /// 张三 (serious: every 14 days) and 李四 (general: every 30 days), both listed today; 张三 is
    /// visited today. Twenty days on both are overdue: 张三's next visit was day 14, and 李四, never
    /// visited, was due the day he was listed.
    @Test("走访覆盖率 and 重点人员走访完成率 by hand", arguments: Backend.available)
    func keyPopulationVisits(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let (zhang, _) = try await VisitStoreTests.twoKeyPeople(test)
            _ = try await test.store.scoped(to: S.worker).recordVisit(
                NewVisit(
                    personID: zhang.id, county: "330106", finding: "情绪稳定",
                    answers: ["03": ["medication": "是", "guardian_present": "是", "danger_now": "1"]]))
            func inputs() async throws -> AssessmentInputs {
                let today = WorkingCalendar.local(test.clock.provider.now).0
                let period = try AssessmentPeriod(from: CalendarDay(index: today.index - 29), to: today)
                return try await test.store.scoped(to: S.county).assessment(of: S.grid, period: period).area.inputs
            }
            let now = try await inputs()
            #expect(now.visits == Ratio(1, 2) && now.keyPopulationVisits == Ratio(2, 2))
            test.clock.advance(by: 20 * 86_400)
            let later = try await inputs()
            #expect(later.visits == Ratio(1, 2), "the visit is still within the 30 days")
            #expect(
                later.keyPopulationVisits == Ratio(0, 2), "李四, never visited, was due when listed; 张三's 14 days passed")
            _ = try await test.store.scoped(to: S.worker).recordVisit(
                NewVisit(
                    personID: zhang.id, county: "330106", finding: "情绪稳定",
                    answers: ["03": ["medication": "是", "guardian_present": "是", "danger_now": "1"]]))
            #expect(try await inputs().keyPopulationVisits == Ratio(1, 2), "张三 visited again is up to date")
        }
    }
}

extension FieldWorkAssessmentTests {
    /// Monday 23 November: the worker signs in and patrols their grid; the grid's day is covered,
    /// its community's other grids are not.
    @Test("巡查覆盖率 and 出勤率 count grid working days", arguments: Backend.available)
    func patrolsAndAttendance(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            test.clock.advance(by: 86_400)
            let seat = try await S.seat(test)
            let worker = test.store.scoped(to: S.worker)
            _ = try await worker.signIn(at: seat)
            let patrol = try await worker.startPatrol()
            let now = test.clock.provider.epochMilliseconds
            _ = try await worker.addTrackPoints(
                [TrackPoint(at: now - 20_000, point: seat), TrackPoint(at: now - 10_000, point: seat)], to: patrol.id,
                county: patrol.county)
            let monday = WorkingCalendar.local(test.clock.provider.now).0
            let period = try AssessmentPeriod(from: monday, to: monday)
            let county = test.store.scoped(to: S.county)
            let grid = try await county.assessment(of: S.grid, period: period).area.inputs
            #expect(grid.patrols == Ratio(1, 1) && grid.attendance == Ratio(1, 1))
            let community = try await county.assessment(of: try RegionCode("330106001001"), period: period)
            let grids = community.children.count
            #expect(grids > 1 && community.area.inputs.patrols == Ratio(1, grids))
            let child = try #require(community.children.first { $0.id == S.grid.digits })
            #expect(child.inputs.patrols == Ratio(1, 1), "the same figure read for a child as for the area")
            let sunday = try AssessmentPeriod(
                from: CalendarDay(index: monday.index - 1), to: CalendarDay(index: monday.index - 1))
            #expect(
                try await county.assessment(of: S.grid, period: sunday).area.inputs.patrols == nil, "no working day")

            test.clock.advance(by: 86_400)
            let tuesday = try await county.assessment(
                of: S.grid,
                period: try AssessmentPeriod(
                    from: CalendarDay(index: monday.index + 1), to: CalendarDay(index: monday.index + 1)))
            let mondayScore = try await county.assessment(of: S.grid, period: period).area.score
            #expect(
                mondayScore != nil && tuesday.previousScore == mondayScore,
                "the trend compares like with like: field work counted before too")
        }
    }
}

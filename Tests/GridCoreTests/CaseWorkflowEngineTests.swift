import GridCore
import Testing

@Suite("The case workflow as rows of the generic engine")
struct CaseWorkflowEngineTests {
    @Test("an unsatisfied rating reopens a case once, by its own guarded row")
    func reopenRow() throws {
        var rating = CaseFacts(posts: [.reporter], givenRating: .unsatisfied)
        let reopen = try CaseWorkflow.transition(from: .closed, action: .rate, facts: rating)
        #expect(reopen.to == .registered && reopen.guards == [.ratingUnsatisfied, .notReopened])
        rating.reopened = true
        #expect(try CaseWorkflow.transition(from: .closed, action: .rate, facts: rating).to == .rated, "only once")
        #expect(
            try CaseWorkflow.transition(
                from: .closed, action: .rate, facts: CaseFacts(posts: [.reporter], givenRating: .satisfied)
            ).to == .rated)
        #expect(
            CaseWorkflow.allowedActions(from: .closed, facts: CaseFacts(posts: [.reporter])) == [.rate], "listed once")
    }

    @Test("a refusal reads as the API has always answered it")
    func refusalMessage() {
        let refusal = WorkflowRefusal(state: .reported, action: .close, allowed: [.accept, .reject])
        #expect(refusal.description == "'close' is not allowed on a reported case for you; allowed: accept, reject")
        #expect(refusal.allowedActionNames == ["accept", "reject"])
        #expect(
            WorkflowRefusal(state: .closed, action: .rate, allowed: []).description
                == "'rate' is not allowed on a closed case for you; allowed: none")
    }

    @Test("every action appears in some row and every row's guards are printable")
    func coverage() {
        let rows = CaseWorkflow.table.rows
        #expect(Set(rows.map(\.action)) == Set(CaseAction.allCases))
        for language in WorkflowLanguage.allCases {
            for guardCondition in CaseGuard.allCases { #expect(!guardCondition.describe(in: language).isEmpty) }
        }
    }

    @Test("the rendered table names states, actions, posts, guards and targets")
    func rendering() {
        let zh = CaseWorkflow.table.rendered(in: .zh)
        #expect(zh.contains("已上报 (reported)\n  受理 | 受理员 | 无 | → 已受理\n"))
        #expect(zh.contains("  不予受理 | 受理员、值班长 | 无 | → 不予受理\n"))
        #expect(zh.contains("已结案 (closed)\n  评价 | 上报人 | 评价为不满意，且此前未因不满意重办 | → 已立案\n  评价 | 上报人 | 无 | → 已评价\n"))
        #expect(zh.contains("已作废 (voided)\n  （没有操作离开此状态）"))
        let en = CaseWorkflow.table.rendered(in: .en)
        #expect(
            en.contains(
                "  Sign for it | handling unit | not the discoverer (patrol and handling kept apart) | → being handled\n"
            ))
        #expect(
            en.contains(
                "  Approve extension | dispatcher, command centre above | an extension request is pending, and not the handling unit itself | → being handled\n"
            ))
    }
}

@Suite("Who holds which post on a case")
struct CasePostTests {
    let street = try! RegionCode("330106001000")
    let county = try! RegionCode("330106000000")
    let grid = try! RegionCode("330106001001001")

    func record(
        unit: String? = nil, dispatched: Bool = false, coHandlers: [String: Bool] = [:], discoverer: String? = nil,
        reporter: String? = nil
    ) -> CaseRecord {
        CaseRecord(
            id: "c1", number: "330106-20261122-0001", countyCode: "330106", regionCode: grid, category: "HJ01",
            description: "x",
            location: GeoPoint(lat: 30.26, lng: 120.13), address: nil, channel: .patrol, reporter: reporter,
            reporterPhone: nil,
            discoverer: discoverer, state: .registered, centreCode: street, unit: unit, coHandlers: coHandlers,
            step: nil,
            stepStartedAtMilliseconds: 0, dueAtMilliseconds: nil, reportedAtMilliseconds: 0, updatedAtMilliseconds: 0,
            dispatchedToUnit: dispatched)
    }

    @Test("the owning centre holds the centre's posts; the centres above hold the upper centre's")
    func centres() {
        #expect(
            CasePost.held(
                by: Caller(actor: "c", role: .centre, scope: .region(street)), on: record(), tokenMatches: false)
                == [.intakeOperator, .shiftLeader, .dispatcher])
        #expect(
            CasePost.held(
                by: Caller(actor: "k", role: .centre, scope: .region(county)), on: record(), tokenMatches: false) == [
                    .upperCentre
                ])
        #expect(
            CasePost.held(by: Caller(actor: "t", role: .centre, scope: .territory), on: record(), tokenMatches: false)
                == [.upperCentre])
    }

    @Test("a unit holds the case only once it is dispatched or whistled to it")
    func units() throws {
        let cg = try DepartmentCode("330106-CG")
        let hb = try DepartmentCode("330106-HB")
        let lead = Caller(actor: "d", role: .dept, scope: .department(cg))
        #expect(
            CasePost.held(by: lead, on: record(unit: cg.value), tokenMatches: false).isEmpty,
            "routed, not yet dispatched")
        let whistled = record(unit: cg.value, dispatched: true, coHandlers: [hb.value: false])
        #expect(CasePost.held(by: lead, on: whistled, tokenMatches: false) == [.handlingUnit])
        let coHandler = Caller(actor: "h", role: .dept, scope: .department(hb))
        #expect(CasePost.held(by: coHandler, on: whistled, tokenMatches: false) == [.coHandler])
        #expect(CaseFacts(record: whistled, caller: coHandler, tokenMatches: false).callerMustReportIn)
        let station = Caller(actor: "s", role: .station, scope: .region(street))
        #expect(
            CasePost.held(by: station, on: record(unit: street.digits, dispatched: true), tokenMatches: false) == [
                .handlingUnit
            ])
    }

    @Test("grid workers verify in their grid; discoverers and reporters are who they are")
    func people() {
        let worker = Caller(actor: "w", role: .worker, scope: .region(grid))
        #expect(
            CasePost.held(by: worker, on: record(discoverer: "w"), tokenMatches: false) == [.verifier, .discoverer])
        let resident = Caller(actor: "r", role: .resident, scope: .region(county))
        #expect(CasePost.held(by: resident, on: record(reporter: "r"), tokenMatches: false) == [.reporter])
        #expect(
            CasePost.held(by: resident, on: record(), tokenMatches: true) == [.reporter], "through the tracking code")
        #expect(CasePost.held(by: resident, on: record(), tokenMatches: false).isEmpty)
        #expect(
            CasePost.held(by: Caller.system("demo"), on: record(), tokenMatches: false).isEmpty,
            "administrators hold no post")
    }
}

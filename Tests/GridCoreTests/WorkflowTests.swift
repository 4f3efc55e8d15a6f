import GridCore
import Testing

@Suite("The case workflow table")
struct WorkflowTests {
    let centre = CaseFacts(posts: [.intakeOperator, .shiftLeader, .dispatcher])
    let unit = CaseFacts(posts: [.handlingUnit])
    let verifier = CaseFacts(posts: [.verifier])
    let reporter = CaseFacts(posts: [.reporter])

    func walk(_ steps: [(CaseAction, CaseFacts)], from start: CaseState = .reported) throws -> CaseState {
        var state = start
        for (action, facts) in steps {
            state = try CaseWorkflow.transition(from: state, action: action, facts: facts).to
        }
        return state
    }

    @Test("the main path: report → accept → register → dispatch → sign in → handle → verify → close → rate")
    func mainPath() throws {
        let end = try walk([
            (.accept, centre), (.register, centre), (.dispatch, centre), (.signIn, unit), (.handle, unit),
            (.verify, verifier), (.close, centre), (.rate, reporter),
        ])
        #expect(end == .rated)
    }

    @Test("an action out of turn is refused with the actions allowed instead")
    func outOfTurn() {
        #expect(
            throws: WorkflowRefusal(
                state: .reported, action: .close, allowed: [.accept, .reject, .merge, .requestVoid])
        ) {
            try CaseWorkflow.transition(from: .reported, action: .close, facts: centre)
        }
        #expect(
            CaseWorkflow.allowedActions(from: .handled, facts: unit).isEmpty, "a unit waits while its work is verified")
    }

    @Test("巡办分离: the discoverer may not sign for or handle the case, but verifies it")
    func separation() throws {
        let discovererUnit = CaseFacts(posts: [.handlingUnit, .discoverer])
        #expect(throws: WorkflowRefusal.self) {
            try CaseWorkflow.transition(from: .dispatched, action: .signIn, facts: discovererUnit)
        }
        #expect(
            try CaseWorkflow.transition(from: .handled, action: .verify, facts: CaseFacts(posts: [.discoverer])).to
                == .verified)
    }

    @Test("rework sends a failed verification back to the unit; returns go back to dispatch")
    func sidePaths() throws {
        #expect(try walk([(.rework, verifier)], from: .handled) == .handling)
        #expect(try walk([(.returnCase, unit)], from: .dispatched) == .registered)
        #expect(try walk([(.suspend, centre), (.resume, centre)], from: .registered) == .registered)
        #expect(try walk([(.selfHandle, CaseFacts(posts: [.discoverer])), (.approveSelfHandling, centre)]) == .closed)
    }

    @Test("extensions need a pending request; voids need the level above")
    func approvals() throws {
        #expect(throws: WorkflowRefusal.self) {
            try CaseWorkflow.transition(from: .handling, action: .approveExtension, facts: centre)
        }
        var pending = centre
        pending.extensionPending = true
        #expect(try CaseWorkflow.transition(from: .handling, action: .approveExtension, facts: pending).to == .handling)
        var selfHandling = pending
        selfHandling.posts.insert(.handlingUnit)
        #expect(throws: WorkflowRefusal.self, "a centre handling its own case does not approve its own extension") {
            try CaseWorkflow.transition(from: .handling, action: .approveExtension, facts: selfHandling)
        }
        #expect(
            try CaseWorkflow.transition(
                from: .handling, action: .approveExtension,
                facts: CaseFacts(posts: [.upperCentre], extensionPending: true)
            ).to == .handling)
        var requested = centre
        requested.voidRequested = true
        #expect(throws: WorkflowRefusal.self, "the owning centre cannot approve its own void") {
            try CaseWorkflow.transition(from: .registered, action: .approveVoid, facts: requested)
        }
        #expect(
            try CaseWorkflow.transition(
                from: .registered, action: .approveVoid, facts: CaseFacts(posts: [.upperCentre], voidRequested: true)
            ).to == .voided)
    }

    @Test("only the reporter rates")
    func rating() {
        #expect(throws: WorkflowRefusal(state: .closed, action: .rate, allowed: [])) {
            try CaseWorkflow.transition(from: .closed, action: .rate, facts: verifier)
        }
    }

    @Test("the default catalogue is valid and every reportable category has a handler and limits")
    func catalogue() throws {
        let catalogue = CaseCatalogue.chinaDefault
        _ = try CaseCatalogue(categories: catalogue.categories)
        #expect(catalogue.reportable("HJ01")?.name == "垃圾堆放")
        #expect(catalogue.reportable("HJ") == nil, "top categories take no cases")
        #expect(
            throws: CatalogueError.invalid(
                index: 1, field: "parent", reason: "'ZZ' is not a top category of the catalogue")
        ) {
            try CaseCatalogue(categories: [
                catalogue.categories[0],
                CaseCategory(code: "ZZ01", name: "x", parent: "ZZ", handler: .community, limits: [:]),
            ])
        }
    }

    @Test("case numbers read county, Beijing date and sequence")
    func numbers() throws {
        #expect(
            CaseNumber.make(county: "330106", day: try #require(CalendarDay("2026-11-22")), sequence: 42)
                == "330106-20261122-0042")
    }
}

import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: dispute screening and mediation (矛盾纠纷排查化解)")
struct DisputeStoreTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests
    static let station = S.station

    static func neighbours(_ risk: DisputeRisk = .medium, source: DisputeSource = .screening) -> NewDispute {
        NewDispute(
            grid: S.grid, kind: .neighbour, summary: "楼上漏水渗到楼下，双方争执", peopleInvolved: 2, risk: risk, source: source,
            parties: [DisputeParty(name: "王五"), DisputeParty(name: "赵六")])
    }

    @Test(
        "registered, accepted, mediated with minutes only the mediators read, agreed, followed up after 30 days; figures",
        arguments: Backend.available)
    func mediation(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let worker = test.store.scoped(to: S.worker)
            let station = test.store.scoped(to: Self.station)
            let registered = try await worker.registerDispute(Self.neighbours())
            #expect(registered.number == "330106-JF-20261122-0001" && registered.state == .registered)
            #expect(try await worker.dispute(county: "330106", id: registered.id).allowedActions == [.escalate])

            _ = try await station.act(onDispute: "330106", id: registered.id, DisputeStepInput(action: .accept))
            await #expect(throws: StoreError.invalid(field: "mediators", reason: "assign 1 to 10 mediators")) {
                try await station.act(onDispute: "330106", id: registered.id, DisputeStepInput(action: .assign))
            }
            _ = try await station.act(
                onDispute: "330106", id: registered.id,
                DisputeStepInput(
                    action: .assign,
                    mediators: [
                        DisputeMediator(name: "老娘舅调解队", kind: .volunteer),
                        DisputeMediator(name: "街道调解员", kind: .community, account: "street"),
                    ]))
            let mediator = test.store.scoped(to: S.street)
            _ = try await mediator.act(
                onDispute: "330106", id: registered.id,
                DisputeStepInput(action: .session, minutes: "双方同意由楼上修缮防水", attendance: ["王五", "赵六"]))
            let seenByMediator = try await mediator.dispute(county: "330106", id: registered.id)
            #expect(seenByMediator.readsMinutes && seenByMediator.history.last?.data["minutes"] == "双方同意由楼上修缮防水")
            let seenByWorker = try await worker.dispute(county: "330106", id: registered.id)
            #expect(
                !seenByWorker.readsMinutes && seenByWorker.history.last?.data == .null,
                "the grid worker never reads minutes")

            _ = try await mediator.act(
                onDispute: "330106", id: registered.id,
                DisputeStepInput(action: .agree, agreement: "王五于十日内修缮防水层，赵六不再追究"))
            let agreed = try await worker.dispute(county: "330106", id: registered.id)
            #expect(agreed.record.state == .agreed && !agreed.allowedActions.contains(.followUp), "not before 30 days")
            test.clock.advance(by: 30 * 86_400)
            await #expect(
                throws: StoreError.invalid(field: "note", reason: "what the follow-up visit found is required")
            ) {
                try await worker.act(onDispute: "330106", id: registered.id, DisputeStepInput(action: .followUp))
            }
            let closed = try await worker.act(
                onDispute: "330106", id: registered.id, DisputeStepInput(action: .followUp, note: "已修缮，邻里和睦"))
            #expect(closed.record.state == .closed && closed.record.outcome == "agreement")

            // The same two again: a repeat.
            _ = try await worker.registerDispute(Self.neighbours())
            let figures = try await station.disputeFigures().area
            #expect(figures.registered == 2 && figures.screened == 2 && figures.agreed == 1 && figures.repeats == 1)
            #expect(figures.successRate == Ratio(1, 1) && abs((figures.meanDaysToAgreement ?? -1) - 0) < 0.01)
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }

    @Test(
        "each step has its time limit: yellow at 80% (the follow-up when due), red past it, reminded to those who take the step; figures by period",
        arguments: Backend.available)
    func timeLimits(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let worker = test.store.scoped(to: S.worker)
            let station = test.store.scoped(to: Self.station)
            let day: Int64 = 86_400_000
            let dispute = try await worker.registerDispute(Self.neighbours())
            func status() async throws -> TimeLimitStatus? {
                let record = try await station.dispute(county: "330106", id: dispute.id).record
                return record.deadline?.status(at: test.store.now.epochMilliseconds)
            }
            func due(_ scoped: ScopedStore) async throws -> [String] {
                try await scoped.reminders().filter { $0.kind == .disputeDue }.map(\.subject)
            }
            #expect(dispute.deadline?.dueAt == dispute.registeredAt + 3 * day, "accepted within 3 days")
            test.clock.advance(by: 2 * 86_400)
            #expect(try await status() == .normal)
            #expect(try await due(station).isEmpty)
            test.clock.advance(by: 12 * 3_600)
            #expect(try await status() == .yellow)
            #expect(try await due(station) == [dispute.number], "the station accepts, so it is urged")
            #expect(try await due(worker).isEmpty, "a grid worker cannot accept, so is not urged")
            test.clock.advance(by: 12 * 3_600)
            #expect(try await status() == .red)

            let accepted = try await station.act(onDispute: "330106", id: dispute.id, DisputeStepInput(action: .accept))
            #expect(
                accepted.record.deadline?.dueAt == test.store.now.epochMilliseconds + 3 * day, "a new step, a new clock"
            )
            #expect(try await status() == .normal)
            #expect(try await due(station).isEmpty)
            _ = try await station.act(
                onDispute: "330106", id: dispute.id,
                DisputeStepInput(action: .assign, mediators: [DisputeMediator(name: "调解员甲", kind: .community)]))
            let session = try await station.act(
                onDispute: "330106", id: dispute.id,
                DisputeStepInput(action: .session, minutes: "初次调解", attendance: ["王五"]))
            #expect(
                session.record.deadline?.dueAt == session.record.stateSince + 30 * day,
                "a session keeps the mediation's 30 days running")
            test.clock.advance(by: 25 * 86_400)
            #expect(try await status() == .yellow)
            _ = try await station.act(
                onDispute: "330106", id: dispute.id, DisputeStepInput(action: .agree, agreement: "双方和解"))
            test.clock.advance(by: 29 * 86_400)
            #expect(try await status() == .normal)
            #expect(try await due(worker).isEmpty)
            test.clock.advance(by: 86_400)
            #expect(try await status() == .yellow, "the follow-up is due")
            #expect(try await due(worker) == [dispute.number], "the grid worker follows up, so is urged")
            _ = try await worker.act(
                onDispute: "330106", id: dispute.id, DisputeStepInput(action: .followUp, note: "已和好"))
            #expect(try await status() == nil, "a closed dispute has no limit")

            let registeredDay = WorkingCalendar.local(Date(epochMilliseconds: dispute.registeredAt)).0
            let before = try AssessmentPeriod(
                from: CalendarDay(index: registeredDay.index - 7), to: CalendarDay(index: registeredDay.index - 1))
            #expect(try await station.disputeFigures(period: before).area.registered == 0)
            let that = try AssessmentPeriod(from: registeredDay, to: registeredDay)
            #expect(try await station.disputeFigures(period: that).area.agreed == 1)
        }
    }

    @Test(
        "refused: out of scope, a registry party outside the scope, bad input, a step the table does not allow; a high risk reminds the township at once",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(
                utf8OrGBK: Array("姓名,网格编码\n外格张三,330106001002001\n本格李四,330106001001001\n".utf8), source: "p.csv",
                by: P.admin)
            let worker = test.store.scoped(to: S.worker)
            let outsider = try #require(
                try await test.store.scoped(to: S.county).people(inGrid: S.worker2.scope.topRegion!).first)
            var other = Self.neighbours()
            other.parties = [DisputeParty(name: "", personID: outsider.id), DisputeParty(name: "赵六")]
            await #expect(throws: StoreError.outOfScope("the person \(outsider.id) (parties[0])")) {
                try await worker.registerDispute(other)
            }
            var elsewhere = Self.neighbours()
            elsewhere.grid = try RegionCode("330106001002001")
            await #expect(throws: StoreError.outOfScope("region 330106001002001")) {
                try await worker.registerDispute(elsewhere)
            }
            var alone = Self.neighbours()
            alone.parties = [DisputeParty(name: "王五")]
            await #expect(throws: StoreError.invalid(field: "parties", reason: "a dispute has 2 to 20 parties")) {
                try await worker.registerDispute(alone)
            }
            #expect(try await test.store.scoped(to: S.county).disputes().isEmpty, "nothing written by a refusal")

            let dispute = try await worker.registerDispute(Self.neighbours(.low))
            await #expect(throws: StepRefusal<DisputeWorkflow>.self) {
                try await worker.act(onDispute: "330106", id: dispute.id, DisputeStepInput(action: .accept))
            }
            await #expect(throws: StoreError.outOfScope("dispute \(dispute.number)")) {
                try await test.store.scoped(to: S.worker2).dispute(county: "330106", id: dispute.id)
            }
            #expect(try await test.store.scoped(to: S.street).reminders().allSatisfy { $0.kind != .disputeHighRisk })
            _ = try await worker.act(
                onDispute: "330106", id: dispute.id, DisputeStepInput(action: .escalate, note: "双方扬言动手", risk: .high))
            let reminded = try await test.store.scoped(to: S.street).reminders().filter { $0.kind == .disputeHighRisk }
            #expect(reminded.map(\.subject) == [dispute.number], "the township's centre is told at once")
            await #expect(throws: StoreError.invalid(field: "risk", reason: "a risk above the present high")) {
                try await worker.act(
                    onDispute: "330106", id: dispute.id, DisputeStepInput(action: .escalate, risk: .medium))
            }
        }
    }
}

import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: side paths, attachments")
struct CaseSidePathTests {
    typealias S = CaseStoreTests

    static func registered(_ test: TestStore, category: String = "SR01") async throws -> String {
        let number = try await test.store.scoped(to: S.worker).report(
            CaseReport(
                category: category, description: "占道", location: try await S.seat(test), channel: .patrol)
        ).record.number
        let owner = category == "SR01" ? S.county : S.street
        for action in [CaseAction.accept, .register] { _ = try await S.act(test, owner, number, action) }
        return number
    }

    @Test("吹哨报到: the county calls departments, each reports in once; the lead handles", arguments: Backend.available)
    func whistle(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await Self.registered(test)
            let whistled = try await test.store.scoped(to: S.county).act(
                on: number, CaseActionInput(action: .whistle, departments: ["330106-CG", "330106-SJ"]))
            #expect(whistled.record.unit == "330106-CG" && whistled.record.coHandlers == ["330106-SJ": false])
            #expect(
                whistled.record.reportInDueAtMilliseconds != nil, "the called departments must report in by a deadline")
            let market = Caller(actor: "sj", role: .dept, scope: .department(try DepartmentCode("330106-SJ")))
            let reported = try await S.act(test, market, number, .reportIn)
            #expect(reported.record.coHandlers == ["330106-SJ": true])
            #expect(reported.record.reportInDueAtMilliseconds == nil, "everyone reported in: no deadline left")
            await #expect(throws: WorkflowRefusal.self, "reports in once") {
                try await S.act(test, market, number, .reportIn)
            }
            _ = try await S.act(test, S.department, number, .signIn)
            await #expect(
                throws: StoreError.invalid(
                    field: "departments", reason: "unknown department 330106-ZZ in county 330106")
            ) {
                let other = try await Self.registered(test)
                _ = try await test.store.scoped(to: S.county).act(
                    on: other, CaseActionInput(action: .whistle, departments: ["330106-ZZ"]))
            }
        }
    }

    @Test(
        "报到 late: departments that have not reported in by the deadline are supervised once, by name",
        arguments: Backend.available)
    func lateReportIn(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await Self.registered(test)
            _ = try await test.store.scoped(to: S.county).act(
                on: number, CaseActionInput(action: .whistle, departments: ["330106-CG", "330106-SJ", "330106-HB"]))
            let environment = Caller(actor: "hb", role: .dept, scope: .department(try DepartmentCode("330106-HB")))
            _ = try await S.act(test, environment, number, .reportIn)
            #expect(try await test.store.superviseLateReportIn() == 0, "not late yet")
            // Two working hours later (the default report-in limit), and then some.
            test.clock.advance(by: 3 * 24 * 3600)
            #expect(try await test.store.superviseLateReportIn() == 1)
            #expect(try await test.store.superviseLateReportIn() == 0, "raised once per whistle")
            let view = try await test.store.scoped(to: S.county).caseDetail(number: number)
            let supervision = try #require(view.history.last)
            #expect(supervision.action == "supervise" && supervision.note == "报到超时: 330106-SJ")
            #expect(supervision.data["departments"] == ["330106-SJ"] && view.record.reportInDueAtMilliseconds == nil)

            // Once the lead has handled the case, nobody can report in any more: no supervision.
            let other = try await Self.registered(test)
            _ = try await test.store.scoped(to: S.county).act(
                on: other, CaseActionInput(action: .whistle, departments: ["330106-CG", "330106-SJ"]))
            _ = try await S.act(test, S.department, other, .signIn)
            let handled = try await S.act(test, S.department, other, .handle, note: "已处置")
            #expect(handled.record.reportInDueAtMilliseconds == nil)
            test.clock.advance(by: 3 * 24 * 3600)
            #expect(try await test.store.superviseLateReportIn() == 0)
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }

    @Test(
        "an approved extension moves the due time by working hours; escalation hands the case up",
        arguments: Backend.available)
    func extensionAndEscalation(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await Self.registered(test)
            let dispatched = try await S.act(test, S.county, number, .dispatch)
            test.clock.advance(by: 3600)
            let handling = try await S.act(test, S.department, number, .signIn)
            let due = try #require(handling.record.dueAtMilliseconds)
            #expect(due == dispatched.record.dueAtMilliseconds, "signing in does not restart the handling clock")
            let asked = try await test.store.scoped(to: S.department).act(
                on: number, CaseActionInput(action: .requestExtension, note: "需协调业主", hours: 15))
            #expect(asked.record.extensionRequestedHours == 15)
            let approved = try await S.act(test, S.county, number, .approveExtension)
            let expected = test.store.calendar.adding(
                workingHours: 15, to: Date(timeIntervalSince1970: Double(due) / 1000))
            #expect(approved.record.dueAtMilliseconds == Int64((expected.timeIntervalSince1970 * 1000).rounded()))
            #expect(approved.record.extensionRequestedHours == nil)

            let local = try await Self.registered(test, category: "MS01")
            let escalated = try await S.act(test, S.street, local, .escalate)
            #expect(escalated.record.centreCode.digits == "330106000000")
            #expect(
                try await test.store.scoped(to: S.county).caseDetail(number: local).allowedActions.contains(.dispatch))
            #expect(
                try await test.store.scoped(to: S.street).caseDetail(number: local).allowedActions.isEmpty,
                "no longer the street's")
        }
    }

    @Test("作废 needs a reason from the owner and the approval of the level above", arguments: Backend.available)
    func void(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await Self.registered(test, category: "MS01")
            await #expect(
                throws: StoreError.invalid(field: "note", reason: "a reason is required (1 to 2,000 characters)")
            ) {
                try await S.act(test, S.street, number, .requestVoid)
            }
            _ = try await S.act(test, S.street, number, .requestVoid, note: "重复录入")
            await #expect(throws: WorkflowRefusal.self, "not by the requester's own centre") {
                try await S.act(test, S.street, number, .approveVoid)
            }
            let voided = try await S.act(test, S.county, number, .approveVoid)
            #expect(voided.record.state == .voided)
            #expect(
                try await test.store.scoped(to: S.street).caseDetail(number: number).record.state == .voided,
                "kept, never deleted")
        }
    }

    @Test(
        "images are sniffed, size-limited, stored once by SHA-256 and read only within scope",
        arguments: Backend.available)
    func attachments(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await test.store.scoped(to: S.worker).report(
                CaseReport(
                    category: "HJ01", description: "垃圾", location: try await S.seat(test), channel: .patrol)
            ).record.number
            let png = TestImages.png()
            let worker = test.store.scoped(to: S.worker)
            let attachment = try await worker.attach(png, to: number)
            #expect(attachment.contentType == "image/png" && attachment.size == png.count)
            #expect(
                try await worker.attach(png, to: number).sha256 == attachment.sha256, "the same bytes are stored once")
            await #expect(throws: StoreError.invalid(field: "file", reason: "is not a JPEG, PNG, WebP or HEIC image")) {
                try await worker.attach(Array("<html>not a photo</html>".utf8), to: number)
            }
            await #expect(throws: StoreError.invalid(field: "file", reason: "must be 1 byte to 5 MB")) {
                try await worker.attach(
                    [0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: Attachment.maxBytes), to: number)
            }
            #expect(
                try await test.store.scoped(to: S.street).attachments(of: number).map(\.sha256) == [attachment.sha256])
            #expect(
                try await test.store.scoped(to: S.street).attachmentContent(of: number, sha256: attachment.sha256).bytes
                    == png)
            await #expect(throws: StoreError.outOfScope("case \(number)")) {
                try await test.store.scoped(to: S.worker2).attachmentContent(of: number, sha256: attachment.sha256)
            }
            let leader = try S.caller("leader", .leader, "330106")
            await #expect(
                throws: StoreError.outOfScope("attaching to case \(number) (no post on it)"),
                "a leader reads but does not handle"
            ) {
                try await test.store.scoped(to: leader).attach(png, to: number)
            }
        }
    }
}

@Suite("Store contract: 小事不出格、大事不出网 measured")
struct LinkageShareTests {
    typealias S = CaseStoreTests

    @Test("closed cases count at the level that handled them; shares follow", arguments: Backend.available)
    func shares(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            let worker = test.store.scoped(to: S.worker)
            let local = try await worker.report(
                CaseReport(category: "HJ01", description: "垃圾", location: seat, channel: .patrol)
            ).record.number
            for (caller, action) in [
                (S.street, CaseAction.accept), (S.street, .register), (S.street, .dispatch), (S.station, .signIn),
            ] {
                _ = try await S.act(test, caller, local, action)
            }
            _ = try await S.act(test, S.station, local, .handle, note: "清运")
            _ = try await S.act(test, S.worker, local, .verify)
            _ = try await S.act(test, S.street, local, .close)
            let onTheSpot = try await worker.report(
                CaseReport(category: "MS01", description: "灯", location: seat, channel: .patrol)
            ).record.number
            _ = try await S.act(test, S.worker, onTheSpot, .selfHandle, note: "已更换灯泡")
            _ = try await S.act(test, S.street, onTheSpot, .approveSelfHandling)
            let department = try await CaseSidePathTests.registered(test)
            _ = try await S.act(test, S.county, department, .dispatch)
            _ = try await S.act(test, S.department, department, .signIn)
            _ = try await S.act(test, S.department, department, .handle, note: "劝离")
            _ = try await S.act(test, S.worker, department, .verify)
            _ = try await S.act(test, S.county, department, .close)
            _ = try await worker.report(
                CaseReport(category: "JF01", description: "纠纷", location: seat, channel: .patrol))

            let shares = try await test.store.scoped(to: S.county).linkageShares()
            #expect(shares.closedByLevel == [.grid: 2, .department: 1])
            #expect(shares.open == 1 && shares.overdue == 0)
            #expect(shares.withinGrid == 2.0 / 3.0 && shares.withinTownship == 2.0 / 3.0)
            let otherStreet = try S.caller("s2", .centre, "330106002")
            #expect(try await test.store.scoped(to: otherStreet).linkageShares().closed == 0, "bounded by scope")
        }
    }
}

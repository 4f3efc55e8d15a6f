import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: cases from report to rating")
struct CaseStoreTests {
    static let grid = try! RegionCode("330106001001001")

    static func caller(_ actor: String, _ role: Role, _ scope: String) throws -> Caller {
        Caller(actor: actor, role: role, scope: .region(try RegionCode(scope)))
    }

    static let worker = try! caller("worker", .worker, "330106001001001")
    static let worker2 = try! caller("worker2", .worker, "330106001002001")
    static let street = try! caller("street", .centre, "330106001")
    static let county = try! caller("center", .centre, "330106")
    static let station = try! caller("station", .station, "330106001001")
    static let department = Caller(actor: "dept", role: .dept, scope: .department(try! DepartmentCode("330106-CG")))
    static let anonymous = Caller(actor: ScopedStore.anonymousActor, role: .resident, scope: .territory)

    static func seat(_ test: TestStore) async throws -> GeoPoint {
        try #require(try await test.store.scoped(to: .system("t")).region(grid).region?.seat)
    }

    static func act(
        _ test: TestStore, _ caller: Caller, _ number: String, _ action: CaseAction, note: String? = nil,
        rating: CaseRating? = nil, token: String? = nil
    ) async throws -> CaseView {
        try await test.store.scoped(to: caller).act(
            on: number, CaseActionInput(action: action, note: note, rating: rating, trackingToken: token))
    }

    @Test(
        "a patrol report is located, numbered, routed to the community and walks its whole life",
        arguments: Backend.available)
    func wholeLife(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let reported = try await test.store.scoped(to: Self.worker).report(
                CaseReport(
                    category: "HJ01", description: "楼道口垃圾堆放三天未清运", location: try await Self.seat(test), channel: .patrol
                ))
            let c = reported.record
            #expect(c.number == "330106-20261122-0001")
            #expect(c.regionCode == Self.grid && c.unit == "330106001001" && c.centreCode.digits == "330106001000")
            #expect(c.discoverer == "worker" && c.state == .reported && reported.trackingToken == nil)
            // Reported on a Sunday afternoon: the 1 h acceptance limit runs from Monday 08:30.
            #expect(
                c.dueAtMilliseconds == Int64(Date(timeIntervalSince1970: 1_795_397_400).timeIntervalSince1970 * 1000))

            _ = try await Self.act(test, Self.street, c.number, .accept)
            _ = try await Self.act(test, Self.street, c.number, .register)
            let dispatched = try await Self.act(test, Self.street, c.number, .dispatch)
            #expect(dispatched.record.unit == "330106001001")
            _ = try await Self.act(test, Self.station, c.number, .signIn)
            _ = try await Self.act(test, Self.station, c.number, .handle, note: "已清运")
            _ = try await Self.act(test, Self.worker, c.number, .verify)
            _ = try await Self.act(test, Self.street, c.number, .close)
            let rated = try await Self.act(test, Self.worker, c.number, .rate, rating: .satisfied)
            #expect(rated.record.state == .rated)
            #expect(
                rated.history.map(\.action) == [
                    "report", "accept", "register", "dispatch", "sign_in", "handle", "verify", "close", "rate",
                ])
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }

    @Test("out of turn, out of post and out of scope are refused", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let c = try await test.store.scoped(to: Self.worker).report(
                CaseReport(
                    category: "HJ01", description: "垃圾", location: try await Self.seat(test), channel: .patrol)
            ).record
            await #expect(
                throws: WorkflowRefusal(
                    state: .reported, action: .close, allowed: [.accept, .reject, .merge, .requestVoid])
            ) {
                try await Self.act(test, Self.street, c.number, .close)
            }
            await #expect(throws: WorkflowRefusal(state: .reported, action: .accept, allowed: [.selfHandle])) {
                try await Self.act(test, Self.worker, c.number, .accept)
            }
            await #expect(throws: StoreError.outOfScope("case \(c.number)")) {
                try await Self.act(test, Self.worker2, c.number, .verify)
            }
            await #expect(throws: StoreError.outOfScope("case \(c.number)")) {
                try await test.store.scoped(to: Self.worker2).caseDetail(number: c.number)
            }
            await #expect(throws: StoreError.outOfScope("case \(c.number)")) {
                try await test.store.scoped(to: Self.department).caseDetail(number: c.number)
            }
            #expect(try await test.store.scoped(to: Self.worker2).cases(CaseQuery()).cases.isEmpty)
            #expect(try await test.store.scoped(to: Self.street).cases(CaseQuery()).cases.map(\.0.number) == [c.number])
            // The county centre supervises a township's case but does not run it.
            #expect(try await test.store.scoped(to: Self.county).caseDetail(number: c.number).allowedActions.isEmpty)
            await #expect(throws: StoreError.outOfScope("region 330106002001001")) {
                try await test.store.scoped(to: Self.worker).report(
                    CaseReport(
                        category: "HJ01", description: "x",
                        regionCode: try RegionCode("330106002001001"), channel: .patrol))
            }
        }
    }

    @Test("bad reports name the field and write nothing", arguments: Backend.available)
    func badReports(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let scoped = test.store.scoped(to: Self.worker)
            let seat = try await Self.seat(test)
            await #expect(
                throws: StoreError.invalid(
                    field: "category", reason: "unknown category 'XX99'; see GET /api/v1/categories")
            ) {
                try await scoped.report(
                    CaseReport(category: "XX99", description: "x", location: seat, channel: .patrol))
            }
            await #expect(
                throws: StoreError.invalid(field: "location", reason: "10.0,10.0 lies in no grid of the territory")
            ) {
                try await scoped.report(
                    CaseReport(
                        category: "HJ01", description: "x", location: GeoPoint(lat: 10, lng: 10), channel: .patrol))
            }
            await #expect(throws: StoreError.invalid(field: "description", reason: "must have 1 to 2,000 characters")) {
                try await scoped.report(
                    CaseReport(category: "HJ01", description: "  ", location: seat, channel: .patrol))
            }
            await #expect(
                throws: StoreError.invalid(field: "channel", reason: "a worker cannot report through 'hotline'")
            ) {
                try await scoped.report(
                    CaseReport(category: "HJ01", description: "x", location: seat, channel: .hotline))
            }
            await #expect(
                throws: StoreError.invalid(
                    field: "reporter_phone", reason: "'12ab' is not a mobile (11 digits) or landline number")
            ) {
                try await scoped.report(
                    CaseReport(
                        category: "HJ01", description: "x", location: seat, channel: .patrol, reporterPhone: "12ab"))
            }
            #expect(try await test.store.scoped(to: Self.street).cases(CaseQuery()).cases.isEmpty)
        }
    }

    @Test(
        "an anonymous resident tracks and rates with the token; unsatisfied reopens once", arguments: Backend.available)
    func residentRating(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let reported = try await test.store.scoped(to: Self.anonymous).report(
                CaseReport(
                    category: "SR01", description: "店门口占道经营", location: try await Self.seat(test), channel: .resident,
                    reporterPhone: "13800138000"))
            let token = try #require(reported.trackingToken)
            let number = reported.record.number
            #expect(reported.record.unit == "330106-CG" && reported.record.centreCode.digits == "330106000000")
            await #expect(throws: StoreError.outOfScope("case \(number)")) {
                try await test.store.scoped(to: Self.anonymous).caseDetail(number: number)
            }
            #expect(
                try await test.store.scoped(to: Self.anonymous).caseDetail(number: number, trackingToken: token).record
                    .number == number)
            #expect(
                try await test.store.scoped(to: Self.anonymous).caseDetail(
                    number: number, trackingToken: " " + token.lowercased()
                ).record.number == number,
                "a retyped code may differ in case and spaces")
            let retyped = token.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
                .replacingOccurrences(of: "1", with: "l")
            #expect(
                try await test.store.scoped(to: Self.anonymous).caseDetail(number: number, trackingToken: retyped)
                    .record.number == number,
                "dashes typed as spaces, O for 0 and l for 1 still match")
            #expect(
                token.count == 14
                    && token.allSatisfy { $0 == "-" || $0.isNumber || ($0.isUppercase && !"ILOU".contains($0)) })
            for action in [CaseAction.accept, .register, .dispatch] {
                _ = try await Self.act(test, Self.county, number, action)
            }
            #expect(
                try await test.store.scoped(to: Self.department).cases(CaseQuery()).cases.count == 1,
                "the department sees what is dispatched to it")
            _ = try await Self.act(test, Self.department, number, .signIn)
            _ = try await test.store.scoped(to: Self.department).act(
                on: number, CaseActionInput(action: .handle, note: "已劝离，摊主态度差", reply: "已劝离占道摊位，感谢您的反映"))
            _ = try await Self.act(test, Self.worker, number, .verify)
            _ = try await Self.act(test, Self.county, number, .close)
            await #expect(throws: WorkflowRefusal.self, "a worker who did not report cannot rate") {
                try await Self.act(test, Self.worker, number, .rate, rating: .satisfied)
            }
            // The reporter hears the reply, never the internal note; staff see both.
            let told = try await test.store.scoped(to: Self.anonymous).caseDetail(number: number, trackingToken: token)
            #expect(told.history.compactMap(\.reply) == ["已劝离占道摊位，感谢您的反映"])
            #expect(told.history.allSatisfy { $0.note == nil }, "\(told.history.map(\.note))")
            let staff = try await test.store.scoped(to: Self.county).caseDetail(number: number)
            #expect(staff.history.contains { $0.note == "已劝离，摊主态度差" })
            await #expect(throws: StoreError.invalid(field: "reply", reason: "only staff reply to the reporter")) {
                try await test.store.scoped(to: Self.anonymous).act(
                    on: number, CaseActionInput(action: .rate, rating: .satisfied, trackingToken: token, reply: "x"))
            }
            await #expect(throws: StoreError.self, "不满意 needs a comment") {
                try await Self.act(test, Self.anonymous, number, .rate, rating: .unsatisfied, token: token)
            }
            let reopened = try await Self.act(
                test, Self.anonymous, number, .rate, note: "摊位第二天又回来了", rating: .unsatisfied, token: token)
            #expect(reopened.record.state == .registered && reopened.record.reopened)
            #expect(reopened.history.last?.note == "摊位第二天又回来了", "the reporter sees their own comment")
            for action in [CaseAction.dispatch] { _ = try await Self.act(test, Self.county, number, action) }
            _ = try await Self.act(test, Self.department, number, .signIn)
            _ = try await Self.act(test, Self.department, number, .handle, note: "再次劝离并立牌")
            _ = try await Self.act(test, Self.worker, number, .verify)
            _ = try await Self.act(test, Self.county, number, .close)
            let final = try await Self.act(
                test, Self.anonymous, number, .rate, note: "仍未解决", rating: .unsatisfied, token: token)
            #expect(final.record.state == .rated, "reopened only once")
        }
    }

    @Test(
        "time limits turn yellow then red on a moved clock, and overdue cases are supervised once",
        arguments: Backend.available)
    func timeLimits(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let c = try await test.store.scoped(to: Self.worker).report(
                CaseReport(
                    category: "HJ01", description: "垃圾", location: try await Self.seat(test), channel: .patrol)
            ).record
            let street = test.store.scoped(to: Self.street)
            #expect(try await street.caseDetail(number: c.number).timeStatus == .normal)
            test.clock.advance(by: 16.5 * 3600 + 50 * 60)  // Monday 09:20: 50 of 60 working minutes gone
            #expect(try await street.caseDetail(number: c.number).timeStatus == .yellow)
            #expect(try await test.store.superviseOverdue() == 0)
            #expect(try await test.store.urgeWarned() == 1)
            #expect(try await test.store.urgeWarned() == 0, "urged once per step")
            #expect(try await street.caseDetail(number: c.number).history.last?.action == "urge")
            test.clock.advance(by: 15 * 60)
            #expect(try await street.caseDetail(number: c.number).timeStatus == .red)
            var overdue = CaseQuery()
            overdue.overdue = true
            #expect(try await street.cases(overdue).cases.count == 1)
            #expect(try await test.store.superviseOverdue() == 1)
            #expect(try await test.store.superviseOverdue() == 0, "raised once per step")
            #expect(try await street.caseDetail(number: c.number).history.last?.action == "supervise")
        }
    }

    @Test("a second report of the same thing nearby is flagged and can be merged", arguments: Backend.available)
    func duplicates(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await Self.seat(test)
            let scoped = test.store.scoped(to: Self.worker)
            let first = try await scoped.report(
                CaseReport(category: "HJ01", description: "垃圾", location: seat, channel: .patrol)
            ).record
            let near = GeoPoint(lat: seat.lat + 0.0003, lng: seat.lng)
            let second = try await scoped.report(
                CaseReport(category: "HJ01", description: "又见垃圾", location: near, channel: .patrol)
            ).record
            #expect(second.likelyDuplicates == [first.number])
            let other = try await scoped.report(
                CaseReport(category: "MS01", description: "路灯坏了", location: near, channel: .patrol)
            ).record
            #expect(other.likelyDuplicates.isEmpty, "another category is not a duplicate")
            let merged = try await test.store.scoped(to: Self.street).act(
                on: second.number, CaseActionInput(action: .merge, duplicateOf: first.number))
            #expect(merged.record.state == .merged && merged.record.duplicateOf == first.number)
        }
    }

    @Test("concurrent reports share commits and every one gets its own number", arguments: Backend.available)
    func groupCommit(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await Self.seat(test)
            let scoped = test.store.scoped(to: Self.worker)
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        try await scoped.report(
                            CaseReport(
                                category: n % 7 == 0 ? "XX" : "JF01", description: "纠纷\(n)", location: seat,
                                channel: .patrol)
                        ).record.number
                    }
                }
                var numbers: [String] = []
                while let result = await group.nextResult() {
                    if case .success(let number) = result { numbers.append(number) }
                }
                return numbers
            }
            #expect(numbers.count == 51, "the 9 bad reports fail alone")
            #expect(Set(numbers).count == 51)
            // On PostgreSQL a batch is written while the one before commits, and sees its cases
            // without waiting for them: no batch had to be replayed from the rows.
            #expect(await test.store.intakeWriter.predictionsMissed == 0)
            #expect(try await Journal.verify(test.store.database).entries > 51)
            // Same spot, same category: each report sees every earlier one as a likely original (the
            // 20 oldest), whether it was written in an earlier commit or earlier in the same one.
            let sorted = numbers.sorted()
            for (index, number) in sorted.enumerated() {
                let detail = try await test.store.scoped(to: Self.street).caseDetail(number: number)
                #expect(detail.record.likelyDuplicates == Array(sorted.prefix(min(index, 20))), "case \(number)")
                #expect(detail.history.map(\.sequence) == [1])
            }
        }
    }
}

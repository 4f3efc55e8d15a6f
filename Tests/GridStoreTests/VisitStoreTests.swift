import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 走访: a worker's due list comes from the visit-frequency table (group × attention level) and
/// each person's last visit, nearest first within the same urgency; a visit answers its groups'
/// questions, may change an attention level and raise a case in the same step, and is refused
/// outside the worker's grid, from the future or from too long ago.
@Suite("Store contract: visits")
struct VisitStoreTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests

    @Test("due days and urgency follow the last visit and the shortest interval")
    func schedule() throws {
        let today = try #require(CalendarDay("2026-11-22"))
        let listed = try #require(CalendarDay("2026-11-01"))
        #expect(VisitSchedule.dueDay(lastVisit: nil, listed: listed, every: 30) == listed, "never visited: due at once")
        let visited = try #require(CalendarDay("2026-11-15"))
        #expect(VisitSchedule.dueDay(lastVisit: visited, listed: listed, every: 7) == today)
        #expect(VisitSchedule.urgency(due: listed, today: today) == .overdue)
        #expect(VisitSchedule.urgency(due: today, today: today) == .today)
        #expect(VisitSchedule.urgency(due: CalendarDay(index: today.index + 7), today: today) == .thisWeek)
        #expect(VisitSchedule.urgency(due: CalendarDay(index: today.index + 8), today: today) == .later)
    }

    /// Two key people of the worker's grid: 张三 (严重精神障碍, serious: every 14 days) and 李四
    /// (独居老人, general: every 30 days).
    static func twoKeyPeople(_ test: TestStore) async throws -> (PersonView, PersonView) {
        _ = try await test.withDemo()
        P.protect(test)
        _ = try await test.store.importPeople(utf8OrGBK: P.gbkFile, source: "p.csv", by: P.admin)
        let county = test.store.scoped(to: S.county)
        let zhang = try #require(try await county.person(identityNumber: P.zhang))
        let li = try #require(try await county.person(identityNumber: P.li))
        // Li lives in another grid of the file; the worker's grid is 张三's.
        try await county.savePerson(["name": "李四", "id_number": P.li, "grid_code": S.grid.digits])
        let worker = test.store.scoped(to: S.worker)
        try await worker.markKeyPerson(
            id: zhang.id, county: "330106", group: "03", attention: .serious,
            details: ["guardian": "张父", "danger_level": "3"])
        try await worker.markKeyPerson(
            id: li.id, county: "330106", group: "C1", attention: .general, details: ["living": "独居"])
        return (zhang, li)
    }

    @Test(
        "a visit answers its group's questions, changes attention, raises a case, and moves the person down the list",
        arguments: Backend.available)
    func visiting(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let (zhang, li) = try await Self.twoKeyPeople(test)
            let worker = test.store.scoped(to: S.worker)
            let before = try await worker.dueVisits(inGrid: S.grid)
            #expect(before.map(\.urgency) == [.today, .today], "listed today, never visited")
            let visit = try await worker.recordVisit(
                NewVisit(
                    personID: zhang.id, county: "330106", finding: "服药不规律，情绪尚稳",
                    answers: ["03": ["medication": "不规律", "guardian_present": "是", "danger_now": "2"]],
                    attention: ["03": .moderate],
                    raisedCase: .init(category: "HJ01", description: "楼道堆放杂物，影响通行")))
            #expect(visit.answers["03"]?["danger_now"] == "2" && visit.caseNumber != nil)
            let after = try await worker.dueVisits(inGrid: S.grid)
            #expect(after.map(\.person.name) == ["李四", "张三"], "the visited one is due later")
            let zhangDue = try #require(after.last)
            #expect(zhangDue.memberships.first?.attention == .moderate && zhangDue.urgency == .later)
            #expect(zhangDue.dueDay.index - WorkingCalendar.local(test.clock.provider.now).0.index == 30)
            #expect(try await worker.visits(of: zhang).map(\.id) == [visit.id])
            let journal = try await Journal.entries(of: "330106", in: test.store.database)
            #expect(journal.contains { $0.action == "visit.record" && $0.entityID == visit.id })
            // Two weeks on, 李四 is overdue.
            test.clock.advance(by: 14 * 86400)
            #expect(try await worker.dueVisits(inGrid: S.grid).first?.urgency == .overdue)
            _ = li
        }
    }

    @Test(
        "refused: a person of another grid, an unknown answer, a group they are not in, a time in the future or long ago",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let (zhang, _) = try await Self.twoKeyPeople(test)
            let worker = test.store.scoped(to: S.worker)
            let other = test.store.scoped(to: S.worker2)
            await #expect(throws: StoreError.self, "another grid's worker") {
                try await other.recordVisit(NewVisit(personID: zhang.id, county: "330106", finding: ""))
            }
            let now = test.clock.provider.epochMilliseconds
            let bad: [(NewVisit, String)] = [
                (
                    NewVisit(personID: zhang.id, county: "330106", finding: "", answers: ["03": ["mood": "好"]]),
                    "answers.03.mood"
                ),
                (
                    NewVisit(personID: zhang.id, county: "330106", finding: "", answers: ["03": ["danger_now": "9"]]),
                    "answers.03.danger_now"
                ),
                (NewVisit(personID: zhang.id, county: "330106", finding: "", attention: ["C1": .serious]), "attention"),
                (NewVisit(personID: zhang.id, county: "330106", visitedAt: now + 3_600_000, finding: ""), "visited_at"),
                (
                    NewVisit(personID: zhang.id, county: "330106", visitedAt: now - 72 * 3_600_000, finding: ""),
                    "visited_at"
                ),
            ]
            for (visit, field) in bad {
                do {
                    _ = try await worker.recordVisit(visit)
                    Issue.record("\(field) was taken")
                } catch StoreError.invalid(let named, _) {
                    #expect(named == field)
                }
            }
            #expect(try await worker.visits(of: zhang).isEmpty, "nothing written")
            await #expect(throws: StoreError.self, "a resident records no visit") {
                try await test.store.scoped(to: Caller(actor: "r", role: .resident, scope: .territory)).recordVisit(
                    NewVisit(personID: zhang.id, county: "330106", finding: ""))
            }
        }
    }

    @Test("within the same urgency, the nearest comes first from where the worker stands", arguments: [Backend.sqlite])
    func nearestFirst(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let (zhang, li) = try await Self.twoKeyPeople(test)
            let worker = test.store.scoped(to: S.worker)
            // Neither has a house with a point: no distance, order by name.
            #expect(
                try await worker.dueVisits(inGrid: S.grid, from: GeoPoint(lat: 30.27, lng: 120.15)).allSatisfy {
                    $0.distanceMetres == nil
                })
            let addresses =
                "地址,楼栋,单元,室,网格编码,纬度,经度\n文三路1号,1,1,101,\(S.grid.digits),30.2700,120.1500\n文三路9号,2,1,101,\(S.grid.digits),30.2800,120.1600\n"
            _ = try await test.store.importAddresses(Array(addresses.utf8), source: "a.csv", by: P.admin)
            let county = test.store.scoped(to: S.county)
            try await county.savePerson(
                ["name": "张三", "id_number": P.zhang, "grid_code": S.grid.digits, "address": "文三路9号2幢1单元101室"])
            try await county.savePerson(
                ["name": "李四", "id_number": P.li, "grid_code": S.grid.digits, "address": "文三路1号1幢1单元101室"])
            let fromFirst = try await worker.dueVisits(inGrid: S.grid, from: GeoPoint(lat: 30.2701, lng: 120.1501))
            #expect(fromFirst.map(\.person.id) == [li.id, zhang.id])
            let fromNinth = try await worker.dueVisits(inGrid: S.grid, from: GeoPoint(lat: 30.2799, lng: 120.1599))
            #expect(fromNinth.map(\.person.id) == [zhang.id, li.id])
            #expect((fromNinth.first?.distanceMetres ?? 999) < 50)
        }
    }
}

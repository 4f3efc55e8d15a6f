import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 重点人群: a grid worker puts a person of their grid in a group with its typed fields; a special
/// group is seen only by the grid's worker, a command centre and the department managing it —
/// never by a resident, a community station or another department; visit intervals come from a
/// table an administrator changes.
@Suite("Store contract: key populations")
struct KeyPopulationTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests

    static let publicSecurity = Caller(
        actor: "ga", role: .dept, scope: .department(try! DepartmentCode("330106-GA")))

    @Test("a worker marks a person; who sees the special group and who does not", arguments: Backend.available)
    func visibility(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(utf8OrGBK: P.gbkFile, source: "p.csv", by: P.admin)
            let zhang = try #require(try await test.store.scoped(to: S.county).person(identityNumber: P.zhang))
            let worker = test.store.scoped(to: S.worker)
            try await worker.markKeyPerson(
                id: zhang.id, county: "330106", group: "03", attention: .serious,
                details: ["guardian": "张父", "danger_level": "3", "treatment": "门诊治疗"])
            try await worker.markKeyPerson(
                id: zhang.id, county: "330106", group: "C1", attention: .general, details: ["living": "独居"])
            let grid = S.grid
            let mine = try await worker.keyPeople(inGrid: grid)
            #expect(mine.map(\.group.code).sorted() == ["03", "C1"])
            let ill = try #require(mine.first { $0.group.code == "03" })
            #expect(ill.visitEveryDays == 14 && ill.details["danger_level"] == "3" && ill.person.name == "张三")
            // The centre and the public-security department see both; a community station and
            // another department only the care group or nothing; another grid's worker is refused.
            #expect(try await test.store.scoped(to: S.county).keyPeople(inGrid: grid).count == 2)
            #expect(
                try await test.store.scoped(to: Self.publicSecurity).keyPeople(inGrid: grid).map(\.group.code) == ["03"]
            )
            #expect(try await test.store.scoped(to: S.station).keyPeople(inGrid: grid).map(\.group.code) == ["C1"])
            #expect(try await test.store.scoped(to: S.department).keyPeople(inGrid: grid).isEmpty)
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: S.worker2).keyPeople(inGrid: grid)
            }
            let resident = Caller(actor: "r", role: .resident, scope: .territory)
            #expect(try await test.store.scoped(to: resident).keyPeople(inGrid: grid).isEmpty)
            // A station may not put anyone in a special group; another grid's worker not at all.
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: S.station).markKeyPerson(
                    id: zhang.id, county: "330106", group: "01", attention: .general, details: [:])
            }
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: S.worker2).markKeyPerson(
                    id: zhang.id, county: "330106", group: "C1", attention: .general, details: [:])
            }
        }
    }

    @Test(
        "typed fields are checked; an administrator adds a group and changes visit intervals",
        arguments: Backend.available)
    func catalogue(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(utf8OrGBK: P.gbkFile, source: "p.csv", by: P.admin)
            let zhang = try #require(try await test.store.scoped(to: S.county).person(identityNumber: P.zhang))
            let worker = test.store.scoped(to: S.worker)
            for (details, field) in [
                (["danger_level": "7"], "danger_level"), (["treatment": "吃药"], "treatment"),
                (["shoe_size": "42"], "shoe_size"),
            ] {
                do {
                    try await worker.markKeyPerson(
                        id: zhang.id, county: "330106", group: "03", attention: .general, details: details)
                    Issue.record("\(details) was taken")
                } catch StoreError.invalid(let named, _) {
                    #expect(named == field)
                }
            }
            #expect(try await worker.keyPeople(inGrid: S.grid).isEmpty, "nothing written")
            var lonely = try #require(PopulationGroup.shipped.first { $0.code == "C1" })
            lonely.visitDays[.general] = 10
            await #expect(throws: StoreError.self) { try await worker.saveGroup(lonely) }
            let admin = test.store.scoped(to: P.admin)
            try await admin.saveGroup(lonely)
            try await admin.saveGroup(
                PopulationGroup(
                    code: "C9", name: "失业人员", kind: .care,
                    fields: [.init(key: "since", label: "失业日期", type: .date)],
                    visitDays: [.general: 60, .moderate: 30, .serious: 14]))
            await #expect(throws: StoreError.self) {
                try await admin.saveGroup(
                    PopulationGroup(code: "bad code", name: "x", kind: .care, fields: [], visitDays: [:]))
            }
            // A number field's range must run from low to high: a stored 5…1 would trap every later check.
            let days: [AttentionLevel: Int] = [.general: 60, .moderate: 30, .serious: 14]
            await #expect(throws: StoreError.self) {
                try await admin.saveGroup(
                    PopulationGroup(
                        code: "C8", name: "评分", kind: .care,
                        fields: [.init(key: "score", label: "评分", type: .number, options: ["5", "1"])], visitDays: days)
                )
            }
            // The catalogue is the territory's: a street's administrator may not change it.
            let streetAdmin = test.store.scoped(
                to: Caller(actor: "a2", role: .admin, scope: .region(try RegionCode("330106001"))))
            await #expect(throws: StoreError.self) { try await streetAdmin.saveGroup(lonely) }
            try await worker.markKeyPerson(
                id: zhang.id, county: "330106", group: "C1", attention: .general, details: [:])
            try await worker.markKeyPerson(
                id: zhang.id, county: "330106", group: "C9", attention: .moderate, details: ["since": "2026-05-01"])
            let members = try await worker.keyPeople(inGrid: S.grid)
            #expect(members.first { $0.group.code == "C1" }?.visitEveryDays == 10)
            #expect(members.first { $0.group.code == "C9" }?.details == ["since": "2026-05-01"])
        }
    }
}

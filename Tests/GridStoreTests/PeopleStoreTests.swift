import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 实有人口 as offices send it: a GBK file with Chinese headers, every row checked, all or nothing
/// or the valid rows only; identity numbers and phones only ever sealed at rest, found by blind
/// index, shown masked, revealed in clear only to a centre or an administrator, with a reason.
@Suite("Store contract: people")
struct PeopleStoreTests {
    typealias S = CaseStoreTests
    static let admin = Caller(actor: "admin", role: .admin, scope: .territory)
    static let zhang = "33010619850612004X"
    static let li = "33010619720101003X"
    /// 姓名,公民身份号码,联系电话,民族,人口类型,网格编码,住址 — two people, in GBK as a county's export is.
    static let gbkFile = Array(
        Data(
            base64Encoded:
                "0NXD+yy5q8Pxye233brFwusswarPtbXnu7Asw/HX5SzIy7/awODQzSzN+LjxseDC6yzXoda3DQrVxcj9LDMzMDEwNjE5ODUwNjEyMDA0WCwxMzkwMDAwMTExMSy6uiy7p7yuLDMzMDEwNjAwMTAwMTAwMSzOxMj9wrcxMDC6xTO0sTK1pdSqNTAxytINCsDuy8QsMzMwMTA2MTk3MjAxMDEwMDNYLCy72NflLMH3tq/Iy7/aLDMzMDEwNjAwMTAwMTAwMiwNCg=="
        ) ?? Data())

    static func protect(_ test: TestStore) {
        test.store.useProtection(
            ProtectedFields(current: try! ProtectedFields.Key(id: "k1", secret: Array(repeating: 3, count: 32))))
    }

    @Test(
        "a GBK file with Chinese headers loads; people are found by identity number, masked; a re-import merges",
        arguments: Backend.available)
    func importAndFind(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            Self.protect(test)
            let (summary, problems) = try await test.store.importPeople(
                utf8OrGBK: Self.gbkFile, source: "p.csv", by: Self.admin)
            #expect(problems.isEmpty && summary.inserted == 2 && summary.encoding == "GB18030")
            let zhang = try #require(try await test.store.scoped(to: S.county).person(identityNumber: Self.zhang))
            #expect(
                zhang.name == "张三" && zhang.maskedIdentity == "3301**********004X" && zhang.maskedPhone == "139****1111"
            )
            #expect(zhang.birthDate == "1985-06-12" && zhang.ethnicity == "01" && zhang.address == "文三路100号3幢2单元501室")
            let li = try #require(try await test.store.scoped(to: S.county).person(identityNumber: Self.li))
            #expect(li.populationType == .floating && li.ethnicity == "03" && li.maskedPhone == nil)
            // The same person again with a phone: merged, not duplicated; the address stays.
            let update = "name,id_number,phone,grid_code\n李四,\(Self.li),13700002222,330106001001002\n"
            let merged = try await test.store.importPeople(
                utf8OrGBK: Array(update.utf8), source: "q.csv", by: Self.admin)
            #expect(merged.summary.merged == 1 && merged.summary.inserted == 0 && merged.summary.encoding == "UTF-8")
            let grid = try RegionCode("330106001001002")
            let people = try await test.store.scoped(to: S.county).people(inGrid: grid)
            #expect(
                people.count == 1 && people.first?.maskedPhone == "137****2222"
                    && people.first?.populationType == .floating)
            // A worker of another grid finds nobody; a street centre elsewhere neither.
            let worker2 = Caller(actor: "worker2", role: .worker, scope: .region(try RegionCode("330106001002001")))
            #expect(try await test.store.scoped(to: worker2).person(identityNumber: Self.zhang) == nil)
        }
    }

    @Test(
        "bad rows are named by line and column; all or nothing writes none, valid rows only writes the rest",
        arguments: Backend.available)
    func badRows(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            Self.protect(test)
            let file = """
                name,id_number,phone,ethnicity,household_type,grid_code
                好人,\(Self.zhang),,,,330106001001001
                错号,330106198506120041,,,,330106001001001
                坏电话,,12ab,,,330106001001001
                外人,,,火星,,330106001001001
                远方,,,,,330106002001001

                """
            let communityAdmin = Caller(actor: "a2", role: .admin, scope: .region(try RegionCode("330106001")))
            do {
                _ = try await test.store.importPeople(utf8OrGBK: Array(file.utf8), source: "b.csv", by: communityAdmin)
                Issue.record("a file with bad rows was taken whole")
            } catch let problems as ImportProblems {
                #expect(
                    problems.problems.map(\.description) == [
                        "line 3, id_number: the check character of this identity number should be X",
                        "line 4, phone: '12ab' is not a mobile (11 digits) or landline number",
                        "line 5, ethnicity: '火星' is not an ethnicity of GB/T 3304",
                        "line 6, grid_code: grid 330106002001001 is outside your scope",
                    ])
            }
            #expect(
                try await test.store.scoped(to: S.county).person(identityNumber: Self.zhang) == nil, "nothing written")
            let (summary, problems) = try await test.store.importPeople(
                utf8OrGBK: Array(file.utf8), source: "b.csv", validRowsOnly: true, by: communityAdmin)
            #expect(summary.inserted == 1 && summary.skipped == 4 && problems.problems.count == 4)
            for bad in ["", "name\n", "姓名,网格编码,星座\n"] {
                await #expect(throws: ImportProblems.self) {
                    try await test.store.importPeople(utf8OrGBK: Array(bad.utf8), source: "c.csv", by: Self.admin)
                }
            }
            let worker = Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001")))
            await #expect(throws: StoreError.self) {
                try await test.store.importPeople(utf8OrGBK: Array(file.utf8), source: "b.csv", by: worker)
            }
        }
    }

    @Test(
        "no key, no identity numbers: refused; a reveal needs a centre or an admin and a reason, and is journaled",
        arguments: Backend.available)
    func revealing(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            await #expect(throws: StoreError.self, "without a protection key nothing is stored") {
                try await test.store.importPeople(utf8OrGBK: Self.gbkFile, source: "p.csv", by: Self.admin)
            }
            Self.protect(test)
            _ = try await test.store.importPeople(utf8OrGBK: Self.gbkFile, source: "p.csv", by: Self.admin)
            let zhang = try #require(try await test.store.scoped(to: S.county).person(identityNumber: Self.zhang))
            let worker = Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001")))
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: worker).reveal(person: zhang.id, county: "330106", reason: "核实身份")
            }
            await #expect(throws: StoreError.self, "a reason is required") {
                try await test.store.scoped(to: S.county).reveal(person: zhang.id, county: "330106", reason: "")
            }
            let clear = try await test.store.scoped(to: S.county).reveal(
                person: zhang.id, county: "330106", reason: "核实身份")
            #expect(clear.identity == Self.zhang && clear.phone == "13900001111")
            let journal = try await Journal.entries(of: "330106", in: test.store.database)
            #expect(journal.contains { $0.action == "person.reveal" && $0.actor == "center" })
        }
    }

    @Test("a copied data folder (database, WAL and all) holds no identity number or phone in clear")
    func nothingInClear() async throws {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            Self.protect(test)
            _ = try await test.store.importPeople(utf8OrGBK: Self.gbkFile, source: "p.csv", by: Self.admin)
            guard case .sqlite(let directory) = test.location else { return }
            var scanned = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
                for secret in [Self.zhang, Self.li, "13900001111", "19850612004"] {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) holds \(secret)")
                }
                scanned += bytes.count
            }
            #expect(scanned > 100_000, "the database and its WAL were read")
        }
    }
}

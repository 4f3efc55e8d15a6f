import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// A person's profile beyond the canonical columns: the census fields, the household (户) and the
/// fields of their population type, imported under Chinese headers, merged field by field with the
/// changed fields journaled, and corrected on their page by record.
@Suite("Store contract: person profiles and households")
struct PersonProfileStoreTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests

    static let household = """
        姓名,公民身份号码,联系电话,人口类型,网格编码,户号,与户主关系,政治面貌,来本地日期,居住证件
        张三,\(P.zhang),13900001111,户籍,330106001001001,H001,02,中共党员,,
        李四,\(P.li),,流动,330106001001001,H001,配偶,,2024-03-01,居住证

        """

    @Test("profile fields load under Chinese headers; a household lists its head first", arguments: Backend.available)
    func householdLoads(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(
                utf8OrGBK: Array(Self.household.utf8), source: "h.csv", by: P.admin)
            let county = test.store.scoped(to: S.county)
            let zhang = try #require(try await county.person(identityNumber: P.zhang))
            #expect(zhang.profile == ["household_number": "H001", "relation": "户主", "politics": "中共党员"])
            let li = try #require(try await county.person(identityNumber: P.li))
            #expect(li.profile["arrival_date"] == "2024-03-01" && li.profile["permit_type"] == "居住证")
            #expect(try await county.household("H001", county: "330106").map(\.name) == ["张三", "李四"])
            // A worker of another grid sees no one of this household.
            #expect(try await test.store.scoped(to: S.worker2).household("H001", county: "330106").isEmpty)
        }
    }

    @Test(
        "a field of another population type, a wrong choice or date is named by line and column",
        arguments: Backend.available)
    func badProfiles(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            let file = """
                name,household_type,grid_code,visa_expiry,relation,arrival_date
                甲,户籍,330106001001001,2027-01-01,,
                乙,,330106001001001,,表哥,
                丙,流动,330106001001001,,,2024-13-01

                """
            do {
                _ = try await test.store.importPeople(utf8OrGBK: Array(file.utf8), source: "b.csv", by: P.admin)
                Issue.record("bad profiles were taken")
            } catch let problems as ImportProblems {
                #expect(problems.problems.map(\.description).count == 3)
                #expect(problems.problems.map(\.line) == [2, 3, 4])
                #expect(problems.problems.map(\.field) == ["visa_expiry", "relation", "arrival_date"])
                #expect(problems.problems[0].description.contains("境外"))
            }
            #expect(try await test.store.scoped(to: S.county).people(inGrid: try RegionCode("330106001001001")).isEmpty)
        }
    }

    @Test(
        "a re-import merges the profile field by field and journals which fields changed, never their values",
        arguments: Backend.available)
    func mergeJournalsFields(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(
                utf8OrGBK: Array(Self.household.utf8), source: "h.csv", by: P.admin)
            let again = "姓名,公民身份号码,网格编码,文化程度\n张三,\(P.zhang),330106001001001,大学本科\n"
            let result = try await test.store.importPeople(utf8OrGBK: Array(again.utf8), source: "e.csv", by: P.admin)
            #expect(result.summary.merged == 1)
            let zhang = try #require(try await test.store.scoped(to: S.county).person(identityNumber: P.zhang))
            #expect(zhang.profile["education"] == "大学本科" && zhang.profile["politics"] == "中共党员")
            #expect(zhang.maskedPhone == "139****1111", "the phone the file left empty stays")
            let journal = try await Journal.entries(of: "330106", in: test.store.database)
            let merge = try #require(journal.last { $0.action == "person.merge" })
            #expect(merge.after.objectValue?["fields"] == .array([.string("profile")]) && merge.entityID == zhang.id)
        }
    }

    @Test(
        "a worker corrects a person by record, even one without an identity number; not one of another grid",
        arguments: Backend.available)
    func correctionByRecord(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            let worker = test.store.scoped(to: S.worker)
            try await worker.savePerson(["name": "王五", "grid_code": "330106001001001"])
            let grid = try RegionCode("330106001001001")
            let wang = try #require(try await worker.people(inGrid: grid).first)
            try await worker.savePerson(
                ["name": "王五", "grid_code": "330106001001001", "phone": "13600003333", "occupation": "厨师"], id: wang.id)
            let corrected = try #require(try await worker.person(id: wang.id, county: "330106"))
            #expect(corrected.maskedPhone == "136****3333" && corrected.profile["occupation"] == "厨师")
            #expect(try await worker.people(inGrid: grid).count == 1, "corrected, not added")
            // The identity number given later fills the record that had none.
            try await worker.savePerson(
                ["name": "王五", "grid_code": "330106001001001", "id_number": P.zhang], id: wang.id)
            #expect(try await worker.person(identityNumber: P.zhang)?.id == wang.id)
            await #expect(throws: StoreError.self, "a worker of another grid cannot correct them") {
                try await test.store.scoped(to: S.worker2).savePerson(
                    ["name": "王五", "grid_code": "330106001002001"], id: wang.id)
            }
        }
    }

    @Test(
        "a person's cases are those reported from their phone, in scope; a phone lookup is bounded by scope in the query",
        arguments: Backend.available)
    func casesAndPhones(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(
                utf8OrGBK: Array(Self.household.utf8), source: "h.csv", by: P.admin)
            let seat = try await CaseStoreTests.seat(test)
            let county = test.store.scoped(to: S.county)
            let reported = try await county.report(
                CaseReport(
                    category: "HJ01", description: "楼道堆物", location: seat, channel: .hotline,
                    reporterPhone: "139-0000-1111"))
            _ = try await county.report(
                CaseReport(
                    category: "HJ01", description: "另一件", location: seat, channel: .hotline,
                    reporterPhone: "13900001112"))
            let zhang = try #require(try await county.person(identityNumber: P.zhang))
            #expect(try await county.cases(reportedBy: zhang).map(\.number) == [reported.record.number])
            #expect(try await county.people(phone: "139 0000 1111").map(\.id) == [zhang.id])
            #expect(try await test.store.scoped(to: S.worker2).people(phone: "13900001111").isEmpty)
            await #expect(throws: StoreError.self, "a worker of another grid reads no case list of this person") {
                try await test.store.scoped(to: S.worker2).cases(reportedBy: zhang)
            }
        }
    }
}

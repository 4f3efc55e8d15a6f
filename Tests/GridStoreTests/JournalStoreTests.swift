import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: the journal")
struct JournalStoreTests {
    /// Three changes in county 330106 and one territory-wide.
    static func seeded(_ test: TestStore) async throws {
        let system = Caller.system("test")
        let text = """
            code,name,level,parent_code,lat,lng
            330000000000,浙江省,1,,,
            330100000000,杭州市,2,330000000000,,
            330106000000,西湖区,3,330100000000,,
            """
        _ = try await test.store.importDivisions(utf8: Array(text.utf8), source: "t.csv", by: system)
        for n in 1...3 {
            try await test.store.saveRegions(
                [
                    Region(
                        code: try RegionCode("330106001000"), name: "街道\(n)", level: .township,
                        parentCode: try RegionCode("330106"))
                ], by: system)
        }
    }

    @Test("every change leaves an entry chained to the one before, per county", arguments: Backend.available)
    func chained(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            let county = try await Journal.entries(of: "330106", in: test.store.database)
            #expect(county.map(\.sequence) == [1, 2, 3, 4])
            #expect(county.map(\.action) == ["divisions.import", "region.add", "region.update", "region.update"])
            #expect(county[2].before["name"] == "街道1" && county[2].after["name"] == "街道2")
            #expect(zip(county.dropFirst(), county).allSatisfy { $0.prevHash == $1.hash })
            #expect(try await Journal.verify(test.store.database) == Journal.Report(chains: 2, entries: 5))
        }
    }

    @Test("editing an entry in the database is caught and named", arguments: Backend.available)
    func altered(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.store.database.write { db in
                try db.execute(
                    "UPDATE journal SET after_json = ? WHERE county_code = '330106' AND seq = 3",
                    [.text(#"{"name":"篡改"}"#)])
            }
            await #expect(
                throws: JournalBreak(
                    chain: "330106", sequence: 3, kind: .altered, detail: "its content no longer matches its hash")
            ) {
                try await Journal.verify(test.store.database)
            }
        }
    }

    @Test("deleting an entry in the middle or at the end is caught", arguments: Backend.available)
    func removed(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.store.database.write { db in
                try db.execute("DELETE FROM journal WHERE county_code = '330106' AND seq = 4")
            }
            await #expect(
                throws: JournalBreak(
                    chain: "330106", sequence: 4, kind: .removed,
                    detail: "the chain head records 4 entries but 3 remain")
            ) {
                try await Journal.verify(test.store.database)
            }
            try await test.store.database.write { db in
                try db.execute("DELETE FROM journal WHERE county_code = '330106' AND seq = 2")
            }
            await #expect(
                throws: JournalBreak(chain: "330106", sequence: 2, kind: .removed, detail: "entries 2…2 are missing")
            ) {
                try await Journal.verify(test.store.database)
            }
        }
    }

    @Test("swapping two entries' contents is caught", arguments: Backend.available)
    func reordered(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.store.database.write { db in
                try db.execute("UPDATE journal SET seq = 100 WHERE county_code = '330106' AND seq = 2")
                try db.execute("UPDATE journal SET seq = 2 WHERE county_code = '330106' AND seq = 3")
                try db.execute("UPDATE journal SET seq = 3 WHERE county_code = '330106' AND seq = 100")
            }
            await #expect(throws: JournalBreak.self) { try await Journal.verify(test.store.database) }
        }
    }

    @Test("counties write their chains concurrently without breaking either", arguments: Backend.available)
    func concurrentChains(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            let system = Caller.system("test")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        let county = n % 2 == 0 ? "330106" : "330105"
                        if county == "330105", n == 1 {
                            try await test.store.saveRegions(
                                [
                                    Region(
                                        code: try RegionCode("330105"), name: "拱墅区", level: .county,
                                        parentCode: try RegionCode("3301"))
                                ], by: system)
                        }
                        try await test.store.saveDepartments(
                            [(try DepartmentCode("330106-D\(n)"), "部门\(n)")], by: system)
                    }
                }
                try await group.waitForAll()
            }
            let report = try await Journal.verify(test.store.database)
            #expect(report.entries == 5 + 40 + 1)
        }
    }
}

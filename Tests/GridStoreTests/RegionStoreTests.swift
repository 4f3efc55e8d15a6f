import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: the territory tree and scopes")
struct RegionStoreTests {
    @Test("the demo county is stored and browsed as a tree", arguments: Backend.available)
    func browse(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let admin = test.store.scoped(to: .system("test"))
            let top = try await admin.topRegion()
            #expect(top.region == nil)
            #expect(top.children.map(\.code.digits) == ["330000000000"])
            let county = try await admin.region(try RegionCode("330106"))
            #expect(county.region?.name == "西湖区")
            #expect(county.children.count == 10)
            let grid = try await admin.region(try RegionCode("330106001001001"))
            #expect(grid.region?.boundary != nil)
            #expect(grid.region?.parentCode?.digits == "330106001001")
        }
    }

    @Test("a grid worker sees its grid and is refused another grid's, by every route", arguments: Backend.available)
    func scopeRefusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let worker = test.store.scoped(
                to: Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001"))))
            let own = try await worker.topRegion()
            #expect(own.region?.code.digits == "330106001001001")
            await #expect(throws: StoreError.outOfScope("region 330106001002001")) {
                try await worker.region(try RegionCode("330106001002001"))
            }
            await #expect(throws: StoreError.outOfScope("region 330106001001")) {
                try await worker.region(try RegionCode("330106001001"))
            }
            let found = try await worker.searchRegions(name: "网格")
            #expect(found.map(\.code.digits) == ["330106001001001"], "search sees only the worker's own grid")
            let otherGrid = try #require(
                try await test.store.scoped(to: .system("t")).region(try RegionCode("330106001002001")).region)
            let otherSeat = try #require(otherGrid.seat)
            await #expect(throws: StoreError.outOfScope("region 330106001002001")) {
                try await worker.locate(otherSeat)
            }
            let ownSeat = try #require(own.region?.seat)
            #expect(try await worker.locate(ownSeat).code.digits == "330106001001001")
            let street = test.store.scoped(
                to: Caller(actor: "street", role: .centre, scope: .region(try RegionCode("330106001"))))
            #expect(try await street.searchRegions(name: "第1网格", limit: 500).count == 10)
            await #expect(throws: StoreError.outOfScope("region 330106002000")) {
                try await street.region(try RegionCode("330106002"))
            }
        }
    }

    @Test(
        "only admins change regions, only within scope, and a grid change is located at once",
        arguments: Backend.available)
    func saveRegion(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let county = try RegionCode("330106")
            let admin = test.store.scoped(to: Caller(actor: "cadmin", role: .admin, scope: .region(county)))
            let center = test.store.scoped(to: Caller(actor: "center", role: .centre, scope: .region(county)))
            let grid = try RegionCode("330106001001011")
            // A new grid drawn over the far corner of the lattice, outside the county's tiles.
            let boundary = Boundary(outerRing: [
                GeoPoint(lat: 40, lng: 100), GeoPoint(lat: 40, lng: 100.01),
                GeoPoint(lat: 40.01, lng: 100.01), GeoPoint(lat: 40.01, lng: 100),
            ])
            let region = Region(
                code: grid, name: "新网格", level: .grid, parentCode: try RegionCode("330106001001"), boundary: boundary)
            await #expect(throws: StoreError.outOfScope("changing regions (admins only)")) {
                try await center.saveRegion(region)
            }
            await #expect(throws: StoreError.notFound("a grid at 40.005,100.005")) {
                try await admin.locate(GeoPoint(lat: 40.005, lng: 100.005))
            }
            await #expect(
                throws: StoreError.invalid(field: "boundary", reason: "reaches outside its parent 330106001001"),
                "a county admin may not draw over other places"
            ) { try await admin.saveRegion(region) }
            try await test.store.scoped(to: .system("test")).saveRegion(region)
            #expect(try await admin.locate(GeoPoint(lat: 40.005, lng: 100.005)).code == grid)
            let outside = Region(
                code: try RegionCode("330105001001001"), name: "x", level: .grid,
                parentCode: try RegionCode("330105001001"), boundary: boundary)
            await #expect(throws: StoreError.outOfScope("region 330105001001001")) {
                try await admin.saveRegion(outside)
            }
            let orphan = Region(
                code: try RegionCode("330106011011001"), name: "x", level: .grid,
                parentCode: try RegionCode("330106011011"), boundary: boundary)
            await #expect(
                throws: StoreError.invalid(
                    field: "parent_code", reason: "unknown parent 330106011011 of 330106011011001")
            ) {
                try await admin.saveRegion(orphan)
            }
        }
    }

    @Test("a divisions import is all or nothing and a re-import updates in place", arguments: Backend.available)
    func divisionsImport(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let good = """
                code,name,level,parent_code,lat,lng
                330000000000,浙江省,1,,30.26,120.15
                330100000000,杭州市,2,330000000000,,
                330106000000,西湖区,3,330100000000,,
                330106001000,北山街道,4,330106000000,,
                330106001001,北山社区,5,330106001000,,
                """
            let system = Caller.system("test")
            let first = try await test.store.importDivisions(utf8: Array(good.utf8), source: "a.csv", by: system)
            #expect(first == DivisionsImportSummary(rows: 5, inserted: 5, updated: 0, chains: 2))
            let renamed =
                good.replacingOccurrences(of: "北山社区", with: "北山新社区") + "\n330106001002,宝石社区,5,330106001000,,\n"
            let second = try await test.store.importDivisions(utf8: Array(renamed.utf8), source: "b.csv", by: system)
            #expect(second == DivisionsImportSummary(rows: 6, inserted: 1, updated: 5, chains: 2))
            let scoped = test.store.scoped(to: system)
            #expect(try await scoped.region(try RegionCode("330106001001")).region?.name == "北山新社区")

            let bad =
                "code,name,level,parent_code,lat,lng\n330106001003,好社区,5,330106001000,,\n330106001004,坏社区,5,330106009000,,\n"
            await #expect(throws: ImportProblems.self) {
                try await test.store.importDivisions(utf8: Array(bad.utf8), source: "c.csv", by: system)
            }
            await #expect(
                throws: StoreError.notFound("region 330106001003"), "the good row of a bad file is not written"
            ) {
                try await scoped.region(try RegionCode("330106001003"))
            }
            let worker = Caller(actor: "w", role: .worker, scope: .region(try RegionCode("330106001001")))
            await #expect(throws: StoreError.outOfScope("importing divisions (needs a territory-wide admin)")) {
                try await test.store.importDivisions(utf8: Array(good.utf8), source: "d.csv", by: worker)
            }
            #expect(try await Journal.verify(test.store.database).entries == 4)
        }
    }
}

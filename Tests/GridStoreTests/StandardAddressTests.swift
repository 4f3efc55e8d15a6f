import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// Standard addresses (标准地址库): imported all or nothing, matched from free text, and used to
/// place a hotline or Open311 case given by its address alone — at once when the match is sure.
@Suite("Store contract: standard addresses")
struct StandardAddressTests {
    typealias S = CaseStoreTests
    static let admin = Caller(actor: "admin", role: .admin, scope: .territory)
    static let file = """
        地址,楼栋,单元,室,网格编码,纬度,经度
        文三路100号,3,2,501,330106001001001,30.1740,120.0214
        文三路100号,3,2,502,330106001001001,,
        翠苑一区,十二,,,330106001001002,,
        学院路8号,,,,330106002001001,,

        """

    @Test(
        "an import builds the tree once; a re-import keeps the codes; the matcher finds rooms",
        arguments: Backend.available)
    func importAndMatch(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let summary = try await test.store.importAddresses(
                Array(Self.file.utf8), source: "a.csv", by: Self.admin)
            #expect(
                summary == AddressImportSummary(rows: 4, inserted: 8),
                "2 places + building + unit + 2 rooms, 2 more places")
            let again = try await test.store.importAddresses(
                Array(Self.file.utf8), source: "a.csv", by: Self.admin)
            #expect(again.inserted == 0)
            let matcher = try await test.store.addressMatcher(county: "330106")
            let room = matcher.match("西湖区文三路１００号三幢二单元501室")
            #expect(room.isConfident && room.address?.name == "501室" && room.regionCode?.digits == "330106001001001")
            #expect(room.address?.point == GeoPoint(lat: 30.1740, lng: 120.0214))
            #expect(matcher.match("翠苑一区12栋").address?.name == "12幢")
        }
    }

    @Test(
        "a bad row, an unknown grid or a grid outside the admin's scope: named, and nothing written",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            func problems(_ text: String, by caller: Caller = Self.admin) async -> [String] {
                do {
                    _ = try await test.store.importAddresses(Array(text.utf8), source: "b.csv", by: caller)
                    return []
                } catch let problems as ImportProblems {
                    return problems.problems.map(\.description)
                } catch {
                    return ["\(error)"]
                }
            }
            let header = "place,building,unit,room,grid_code,lat,lng\n"
            #expect(
                await problems(header + "文三路1号,,,,330106001001001,,\n文三路2号,,,,330106001001999,,\n")
                    == ["line 3, grid_code: unknown grid 330106001001999"])
            #expect(
                await problems(header + "文三路1号,x,,,330106001001001,,\n").first?.hasPrefix("line 2, building:") == true)
            #expect(await problems(header + "文三路1号,,,,12,,\n").first?.hasPrefix("line 2, grid_code:") == true)
            #expect(
                await problems("code,name\n").first
                    == "line 1, code: unknown column 'code'; the columns are place,building,unit,room,grid_code,lat,lng"
            )
            let communityAdmin = Caller(actor: "a2", role: .admin, scope: .region(try RegionCode("330106002001")))
            #expect(
                await problems(header + "文三路1号,,,,330106001001001,,\n", by: communityAdmin)
                    == ["line 2, grid_code: grid 330106001001001 is outside your scope"])
            let matcher = try await test.store.addressMatcher(county: "330106")
            #expect(matcher.match("文三路1号").address == nil, "nothing of the refused files was written")
        }
    }

    @Test(
        "a hotline case given by a standard address lands in its grid and is routed at once; a doubtful one waits",
        arguments: Backend.available)
    func placesCases(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            _ = try await test.store.importAddresses(Array(Self.file.utf8), source: "a.csv", by: Self.admin)
            let sure = try await test.store.scoped(to: S.county).report(
                CaseReport(
                    category: "HJ01", description: "楼道堆物", address: "文三路100号3幢2单元501", channel: .hotline)
            ).record
            #expect(!sure.locationPending && sure.regionCode.digits == "330106001001001")
            #expect(sure.location == GeoPoint(lat: 30.1740, lng: 120.0214) && sure.unit == "330106001001")
            let integration = Caller(actor: "token:fms", role: .integration, scope: .territory)
            let open311 = try await test.store.scoped(to: integration).report(
                CaseReport(category: "HJ01", description: "垃圾", address: "翠苑一区12幢", channel: .open311)
            ).record
            #expect(
                open311.regionCode.digits == "330106001001002" && open311.location == nil && !open311.locationPending)
            let doubtful = try await test.store.scoped(to: S.county).report(
                CaseReport(category: "HJ01", description: "垃圾", address: "文三路100号9幢", channel: .hotline)
            ).record
            #expect(doubtful.locationPending && doubtful.regionCode.digits == "330106000000")
        }
    }
}

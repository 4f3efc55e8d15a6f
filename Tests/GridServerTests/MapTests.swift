import Foundation
import GRDB
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// The map component's data and basemap: the layer a region of the caller's scope draws, and the
/// tiles of an MBTiles file given at start.
@Suite("Map: layers and basemap tiles")
struct MapTests {
    @Test(
        "a region's layer: its children with boundaries and tallies, its open cases with lights; nothing out of scope")
    func layer() async throws {
        try await APIHarness.with { harness, client in
            let seat = try #require(
                try await harness.test.store.scoped(to: .system("t")).region(try RegionCode("330106001001001")).region?
                    .seat)
            let reported = try await harness.test.store.scoped(to: CaseRoutes.anonymous).report(
                CaseReport(category: "HJ01", description: "垃圾", location: seat, channel: .resident))
            let token = try await client.logIn("street")
            let layer = try await client.call(.get, "/api/v1/map", token: token)
            #expect(layer.status == .ok)
            let regions = layer.json["regions"]?.arrayValue ?? []
            #expect(regions.count == 10 && regions.allSatisfy { $0["boundary"]?["type"]?.stringValue != nil })
            let community = try #require(regions.first { $0["code"]?.stringValue == "330106001001" })
            #expect(community["open"]?.numberValue == 1 && community["drills"] == .bool(true))
            let cases = layer.json["cases"]?.arrayValue ?? []
            #expect(cases.count == 1 && cases.first?["number"]?.stringValue == reported.record.number)
            #expect(cases.first?["light"]?.stringValue == "normal" && layer.json["basemap"] == .null)
            // The light follows the clock: past the acceptance limit, red.
            harness.test.clock.advance(by: 3 * 86_400)
            let fresh = try await client.logIn("street")
            let later = try await client.call(.get, "/api/v1/map?region=330106001001", token: fresh)
            #expect(later.json["cases"]?.arrayValue?.first?["light"]?.stringValue == "red")
            // Another street is refused; a worker sees its own grid only.
            let other = try await client.call(.get, "/api/v1/map?region=330106002", token: fresh)
            #expect(other.status == .forbidden)
            let empty = try await client.call(.get, "/api/v1/map?region=", token: fresh)
            #expect(empty.status == .badRequest && empty.errorField == "region")
            let mine = try await client.call(.get, "/api/v1/map", token: try await client.logIn("worker2"))
            #expect(mine.status == .ok && (mine.json["cases"]?.arrayValue ?? []).isEmpty)
            // A reporter without an account places a report on the regions, and sees nobody's cases.
            let anonymous = try await client.call(.get, "/api/v1/map?region=330106001")
            #expect(anonymous.status == .ok && (anonymous.json["regions"]?.arrayValue ?? []).count > 0)
            #expect((anonymous.json["cases"]?.arrayValue ?? []).isEmpty)
            #expect(anonymous.json["regions"]?.arrayValue?.allSatisfy { $0["open"]?.numberValue == 0 } == true)
            #expect(try await client.call(.get, "/api/v1/map?region=12").status == .notFound)
        }
    }

    @Test("an MBTiles file given at start is served at /tiles/z/x/y, rows flipped from TMS; missing tiles are 404")
    func tiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mbtiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("basemap.mbtiles").path
        let png = TestImages.png()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE metadata (name TEXT, value TEXT)")
            try db.execute(
                sql: "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
            try db.execute(sql: "INSERT INTO metadata VALUES ('name', '测试底图'), ('format', 'png')")
            // z 12, x 3413, y (from the north) 1676 is stored as TMS row 4095 - 1676 = 2419.
            try db.execute(sql: "INSERT INTO tiles VALUES (12, 3413, 2419, ?)", arguments: [Data(png)])
        }
        try await queue.close()
        var configuration = ServerConfiguration()
        configuration.basemapFile = path
        try await APIHarness.with(configuration: configuration) { _, client in
            let tile = try await client.call(.get, "/tiles/12/3413/1676.png")
            #expect(tile.status == .ok && tile.headers[.contentType] == "image/png")
            #expect(try await client.call(.get, "/tiles/12/3413/1677").status == .notFound)
            #expect(try await client.call(.get, "/tiles/40/1/1").status == .notFound)
            #expect(try await client.call(.get, "/tiles/a/1/1").status == .badRequest)
            let layer = try await client.call(.get, "/api/v1/map", token: try await client.logIn("center"))
            #expect(layer.json["basemap"]?["url"]?.stringValue == "/tiles/{z}/{x}/{y}")
            #expect(layer.json["basemap"]?["attribution"]?.stringValue == "测试底图")
        }
        var missing = ServerConfiguration()
        missing.basemapFile = directory.appendingPathComponent("none.mbtiles").path
        await #expect(throws: StoreError.self, "a missing basemap stops the start") {
            try await APIHarness.with(configuration: missing) { _, _ in }
        }
    }
}

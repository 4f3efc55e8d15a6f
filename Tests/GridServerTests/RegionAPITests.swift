import GridCore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API: regions, scopes, locate")
struct RegionAPITests {
    @Test(
        "each demo role sees the top of its own scope",
        arguments: [
            ("admin", nil as String?), ("auditor", nil), ("center", "330106000000"), ("leader", "330106000000"),
            ("street", "330106001000"), ("station", "330106001001"), ("gridleader", "330106001001"),
            ("worker", "330106001001001"), ("worker2", "330106001002001"), ("dept", "330106000000"),
            ("resident", "330106000000"),
        ])
    func topOfScope(username: String, top: String?) async throws {
        try await APIHarness.with { _, client in
            let token = try await client.logIn(username)
            let r = try await client.call(.get, "/api/v1/regions", token: token)
            #expect(r.status == .ok)
            #expect(r.json["code"]?.stringValue == top)
            #expect(r.json["children"]?.arrayValue != nil)
        }
    }

    @Test("a grid worker is refused another grid, its community and its county; the street centre its sister street")
    func refusals() async throws {
        try await APIHarness.with { _, client in
            let worker = try await client.logIn("worker")
            for code in ["330106001002001", "330106001001", "330106000000"] {
                let r = try await client.call(.get, "/api/v1/regions/\(code)", token: worker)
                #expect(r.status == .forbidden && r.errorCode == "out_of_scope", "worker reading \(code)")
            }
            let own = try await client.call(.get, "/api/v1/regions/330106001001001", token: worker)
            #expect(own.status == .ok && own.json["boundary"]?["type"] == "Polygon")
            let street = try await client.logIn("street")
            let sister = try await client.call(.get, "/api/v1/regions/330106002000", token: street)
            #expect(sister.status == .forbidden)
            let search = try await client.call(.get, "/api/v1/regions?q=%E7%BD%91%E6%A0%BC", token: worker)
            #expect(search.json["regions"]?.arrayValue?.count == 1)
        }
    }

    @Test("limit caps the children of the node as it caps a search's matches; out of bounds it is refused either way")
    func limit() async throws {
        try await APIHarness.with { _, client in
            let token = try await client.logIn("center")
            #expect(
                try await client.call(.get, "/api/v1/regions", token: token).json["children"]?.arrayValue?.count == 10)
            #expect(
                try await client.call(.get, "/api/v1/regions?limit=3", token: token).json["children"]?.arrayValue?.count
                    == 3)
            #expect(
                try await client.call(.get, "/api/v1/regions?q=%E7%A4%BE%E5%8C%BA&limit=2", token: token).json[
                    "regions"]?.arrayValue?.count == 2)
            for uri in ["/api/v1/regions?limit=0", "/api/v1/regions?limit=501&q=x"] {
                let refused = try await client.call(.get, uri, token: token)
                #expect(refused.status == .badRequest && refused.errorField == "limit", "\(uri)")
            }
        }
    }

    @Test("bad codes and unknown regions are 400 and 404 with the field")
    func badCodes() async throws {
        try await APIHarness.with { _, client in
            let admin = try await client.logIn("admin")
            let bad = try await client.call(.get, "/api/v1/regions/33x", token: admin)
            #expect(bad.status == .badRequest && bad.errorField == "code")
            let unknown = try await client.call(.get, "/api/v1/regions/330106011000", token: admin)
            #expect(unknown.status == .notFound)
            let limit = try await client.call(.get, "/api/v1/regions?q=a&limit=0", token: admin)
            #expect(limit.errorField == "limit")
        }
    }

    @Test("locate finds the grid of a point, in WGS-84 or GCJ-02, within scope only")
    func locate() async throws {
        try await APIHarness.with { _, client in
            let center = try await client.logIn("center")
            let grid = try await client.call(.get, "/api/v1/regions/330106001001001", token: center)
            let lat = try #require(grid.json["seat"]?["lat"]?.numberValue)
            let lng = try #require(grid.json["seat"]?["lng"]?.numberValue)
            let wgs = try await client.call(.get, "/api/v1/locate?lat=\(lat)&lng=\(lng)", token: center)
            #expect(wgs.json["grid"]?["code"] == "330106001001001")
            let shifted = GCJ02.fromWGS84(GeoPoint(lat: lat, lng: lng))
            let gcj = try await client.call(
                .get, "/api/v1/locate?lat=\(shifted.lat)&lng=\(shifted.lng)&datum=gcj02", token: center)
            #expect(gcj.json["grid"]?["code"] == "330106001001001")
            let worker2 = try await client.logIn("worker2")
            let refused = try await client.call(.get, "/api/v1/locate?lat=\(lat)&lng=\(lng)", token: worker2)
            #expect(refused.status == .forbidden)
            let outside = try await client.call(.get, "/api/v1/locate?lat=10&lng=10", token: center)
            #expect(outside.status == .notFound)
            let badLat = try await client.call(.get, "/api/v1/locate?lat=95&lng=120", token: center)
            #expect(badLat.status == .badRequest && badLat.errorField == "lat")
            let noLng = try await client.call(.get, "/api/v1/locate?lat=30", token: center)
            #expect(noLng.errorField == "lng")
        }
    }

    @Test("admins draw a grid from GeoJSON (GCJ-02 converted); others are refused; bad geometry names the field")
    func drawGrid() async throws {
        try await APIHarness.with { _, client in
            let admin = try await client.logIn("admin")
            let ring = "[[110,20],[110.01,20],[110.01,20.01],[110,20.01],[110,20]]"
            let body =
                #"{"name":"试验网格","parent_code":"330106001001","boundary":{"type":"Polygon","coordinates":[\#(ring)]},"datum":"gcj02"}"#
            let created = try await client.call(.put, "/api/v1/regions/330106001001011", token: admin, body: body)
            #expect(created.status == .ok && created.json["level"] == "grid")
            let firstLng = created.json["boundary"]?["coordinates"]?.arrayValue?.first?.arrayValue?.first?.arrayValue?
                .first?.numberValue
            #expect(firstLng.map { abs($0 - 110) > 0.001 } == true, "stored in WGS-84")
            let center = try await client.logIn("center")
            let refused = try await client.call(.put, "/api/v1/regions/330106001001012", token: center, body: body)
            #expect(refused.status == .forbidden)
            let noBoundary = try await client.call(
                .put, "/api/v1/regions/330106001001012", token: admin,
                body: #"{"name":"x","parent_code":"330106001001"}"#)
            #expect(noBoundary.errorField == "boundary")
            let badRing = try await client.call(
                .put, "/api/v1/regions/330106001001012", token: admin,
                body:
                    #"{"name":"x","parent_code":"330106001001","boundary":{"type":"Polygon","coordinates":[[[1,1],[1,1]]]}}"#
            )
            #expect(badRing.status == .badRequest && badRing.errorField == "boundary")
        }
    }
}

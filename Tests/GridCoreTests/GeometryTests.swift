import GridCore
import Testing

@Suite("Geometry: GCJ-02, polygons, GeoJSON, the spatial index")
struct GeometryTests {
    @Test("GCJ-02 shifts Hangzhou by a few hundred metres and converts back within a millimetre")
    func gcj02RoundTrip() {
        let wgs = GeoPoint(lat: 30.2592, lng: 120.1300)
        let gcj = GCJ02.fromWGS84(wgs)
        #expect(abs(gcj.lng - wgs.lng) > 0.003 && abs(gcj.lng - wgs.lng) < 0.01)
        let back = GCJ02.toWGS84(gcj)
        #expect(abs(back.lat - wgs.lat) < 1e-8 && abs(back.lng - wgs.lng) < 1e-8)
        let london = GeoPoint(lat: 51.5, lng: -0.12)
        #expect(GCJ02.fromWGS84(london) == london, "outside China nothing changes")
    }

    @Test("point in polygon honours holes")
    func holes() {
        let outer = [
            GeoPoint(lat: 0, lng: 0), GeoPoint(lat: 0, lng: 10), GeoPoint(lat: 10, lng: 10), GeoPoint(lat: 10, lng: 0),
            GeoPoint(lat: 0, lng: 0),
        ]
        let hole = [
            GeoPoint(lat: 4, lng: 4), GeoPoint(lat: 4, lng: 6), GeoPoint(lat: 6, lng: 6), GeoPoint(lat: 6, lng: 4),
            GeoPoint(lat: 4, lng: 4),
        ]
        let boundary = Boundary(polygons: [.init(rings: [outer, hole])])
        #expect(boundary.contains(GeoPoint(lat: 2, lng: 2)))
        #expect(!boundary.contains(GeoPoint(lat: 5, lng: 5)))
        #expect(!boundary.contains(GeoPoint(lat: 11, lng: 5)))
        #expect(boundary.planarArea == 96)
    }

    @Test("GeoJSON polygons go in and come out the same; bad ones name the problem")
    func geoJSON() throws {
        let text =
            #"{"type":"Polygon","coordinates":[[[120.0,30.0],[120.01,30.0],[120.01,30.01],[120.0,30.01],[120.0,30.0]]]}"#
        let boundary = try GeoJSON.boundary(from: try JSONValue.parse(text))
        #expect(GeoJSON.geometry(boundary) == (try JSONValue.parse(text)))
        #expect(throws: GeometryError.ringTooShort(ring: 0)) {
            try GeoJSON.boundary(from: try JSONValue.parse(#"{"type":"Polygon","coordinates":[[[1,1],[2,2],[1,1]]]}"#))
        }
        #expect(throws: GeometryError.invalidGeoJSON("type \"Point\" is not Polygon, MultiPolygon or Feature")) {
            try GeoJSON.boundary(from: try JSONValue.parse(#"{"type":"Point","coordinates":[1,1]}"#))
        }
        #expect(throws: GeometryError.outOfRange(field: "lat", value: 95)) {
            try GeoJSON.boundary(
                from: try JSONValue.parse(#"{"type":"Polygon","coordinates":[[[1,95],[2,2],[3,3],[1,95]]]}"#))
        }
    }

    @Test("the index finds the same grid as a brute-force search, for every sampled point")
    func indexAgreesWithBruteForce() throws {
        let territory = try DemoTerritory(scale: .county, seed: 42)
        let grids = territory.regions.filter { $0.level == .grid }.compactMap { region in
            region.boundary.map { (key: region.code, boundary: $0) }
        }
        let index = SpatialIndex(grids)
        var random = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let point = GeoPoint(
                lat: Double.random(in: 30.16...30.33, using: &random),
                lng: Double.random(in: 120.01...120.18, using: &random))
            let expected = grids.first { $0.boundary.contains(point) }?.key
            #expect(index.locate(point) == expected)
        }
    }

    @Test("the cells around a point hold every point within the radius, at Hangzhou and at Mohe")
    func placeCellNeighbourhood() {
        var random = SeededGenerator(seed: 7)
        for centre in [
            GeoPoint(lat: 30.25, lng: 120.15), GeoPoint(lat: 53.48, lng: 122.35), GeoPoint(lat: 0.0004, lng: -0.0004),
        ] {
            let rows = PlaceCell.neighbourhood(of: centre, metres: 100)
            #expect(rows.count <= 4 && rows.allSatisfy { $0.count <= 4 })
            for _ in 0..<5_000 {
                let point = GeoPoint(
                    lat: centre.lat + Double.random(in: -0.0012...0.0012, using: &random),
                    lng: centre.lng + Double.random(in: -0.0025...0.0025, using: &random))
                if GeoPoint.distanceMetres(centre, point) <= 100 {
                    #expect(rows.contains { $0.contains(PlaceCell.key(of: point)) })
                }
            }
        }
        #expect(PlaceCell.key(of: GeoPoint(lat: 30.2599, lng: 120.1501)) == 30_259_000_000 + 120_150)
    }
}

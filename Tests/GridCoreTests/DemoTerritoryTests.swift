import GridCore
import Testing

@Suite("The demo territory")
struct DemoTerritoryTests {
    @Test("a county has 10 townships, 100 communities and 1,000 grids that tile it without gaps or overlaps")
    func tiling() throws {
        let territory = try DemoTerritory(scale: .county, seed: 42)
        let byLevel = Dictionary(grouping: territory.regions, by: \.level)
        #expect(byLevel[.township]?.count == 10)
        #expect(byLevel[.village]?.count == 100)
        #expect(byLevel[.grid]?.count == 1000)
        let county = try #require(byLevel[.county]?.first?.boundary)
        let gridArea = (byLevel[.grid] ?? []).reduce(0.0) { $0 + ($1.boundary?.planarArea ?? 0) }
        #expect(abs(gridArea - county.planarArea) < 1e-9, "grid areas add up to the county's: no gaps, no overlaps")
        let grids = (byLevel[.grid] ?? []).compactMap { r in r.boundary.map { (r.code, $0) } }
        var random = SeededGenerator(seed: 9)
        let box = county.boundingBox
        // The county's outline curves: points of its bounding box outside it are in no grid.
        var inside = 0
        for _ in 0..<500 {
            let p = GeoPoint(
                lat: Double.random(in: box.minLat...box.maxLat, using: &random),
                lng: Double.random(in: box.minLng...box.maxLng, using: &random))
            let holders = grids.filter { $0.1.contains(p) }.count
            #expect(holders == (county.contains(p) ? 1 : 0), "every point of the county is in exactly one grid")
            if holders == 1 { inside += 1 }
        }
        #expect(inside > 300)
        for grid in byLevel[.grid] ?? [] {
            let parent = try #require(grid.parentCode)
            #expect(parent.contains(grid.code))
        }
    }

    @Test("the same seed gives the same territory; another seed another")
    func determinism() throws {
        let a = try DemoTerritory(scale: .county, seed: 1)
        let b = try DemoTerritory(scale: .county, seed: 1)
        let c = try DemoTerritory(scale: .county, seed: 2)
        #expect(a.regions == b.regions)
        #expect(a.regions != c.regions)
        #expect(
            a.accounts.map(\.username) == [
                "admin", "auditor", "center", "leader", "street", "station", "gridleader", "worker", "worker2", "dept",
                "resident",
            ])
    }
}

import ArgumentParser
import Foundation
import GridCore

extension BenchCommand {
    /// `gridgov bench hotspots`: Gi* over the demo province's grids (61,000) with neighbours by
    /// shared boundary — queen contiguity from the polygons, the statistic and the false-discovery
    /// classes — on Poisson counts; best of `rounds`. Prints one JSON line.
    struct HotspotLattice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hotspots")
        @Option var rounds = 3
        @Option var seed: UInt64 = 1

        func run() async throws {
            let territory = try DemoTerritory(scale: .province, seed: seed)
            let grids = territory.regions.filter { $0.level == .grid }.compactMap(\.boundary)
            var random = SeededGenerator(seed: seed)
            let counts = grids.map { _ in Double(Int.random(in: 0..<8, using: &random)) }
            var best = Double.infinity
            var contiguity = Double.infinity
            var significant = 0
            var meanNeighbours = 0.0
            for _ in 0..<max(1, rounds) {
                let start = Date()
                let neighbours = Hotspots.queenContiguity(grids)
                let built = Date().timeIntervalSince(start)
                let scored = Hotspots.giStar(counts: counts, neighbours: neighbours)
                let scores = scored.enumerated().map {
                    Hotspots.Score(id: String($0.offset), z: $0.element.z, p: $0.element.p)
                }
                significant = Hotspots.classes(scores).compactMap { $0 }.count
                best = min(best, Date().timeIntervalSince(start))
                contiguity = min(contiguity, built)
                meanNeighbours = Double(neighbours.reduce(0) { $0 + $1.count }) / Double(max(1, neighbours.count))
            }
            print(
                #"{"grids":\#(grids.count),"seconds":\#(best),"contiguity_seconds":\#(contiguity),"#
                    + #""mean_neighbours":\#(meanNeighbours),"significant":\#(significant)}"#)
        }
    }
}

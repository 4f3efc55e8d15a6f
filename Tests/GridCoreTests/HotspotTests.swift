import Foundation
import GridCore
import Testing

/// Getis-Ord Gi* on a lattice worked out by hand: three cells 100 m apart in a line with counts
/// 1, 2 and 9, a 100 m band (each cell its own neighbour). Mean 4, population standard deviation
/// √(86/3 − 16) = 3.5590; the middle cell's neighbourhood is the whole lattice, so it is exactly
/// average (z 0, p 1).
@Suite("Decision support: hotspots (Gi*)")
struct HotspotTests {
    let line = [
        Hotspots.Cell(id: "a", x: 0, y: 0, count: 1), Hotspots.Cell(id: "b", x: 100, y: 0, count: 2),
        Hotspots.Cell(id: "c", x: 200, y: 0, count: 9),
    ]

    @Test("z and p by hand: (3 − 4·2) / 3.5590 = −1.40488 (p 0.16006); the middle 0; (11 − 8) / 3.5590 = 0.84293")
    func byHand() {
        let scores = Hotspots.scores(line, distance: 100)
        #expect(scores.map(\.id) == ["a", "b", "c"])
        #expect(abs(scores[0].z - -1.404879) < 1e-5 && abs(scores[0].p - 0.160056) < 1e-5)
        #expect(scores[1].z == 0 && scores[1].p == 1)
        #expect(abs(scores[2].z - 0.842927) < 1e-5)
    }

    @Test("the distance band finds the same neighbours as a brute-force search, each cell its own")
    func band() {
        var random = SeededGenerator(seed: 7)
        let cells = (0..<400).map { index in
            Hotspots.Cell(
                id: "\(index)", x: Double.random(in: 0..<5000, using: &random),
                y: Double.random(in: 0..<5000, using: &random), count: 1)
        }
        let fast = Hotspots.distanceBand(cells, distance: 600)
        for (index, cell) in cells.enumerated() {
            let brute = cells.indices.filter {
                let (dx, dy) = (cells[$0].x - cell.x, cells[$0].y - cell.y)
                return dx * dx + dy * dy <= 600 * 600
            }
            #expect(fast[index] == brute)
        }
    }

    @Test("a lattice without variation, or of one cell, has no hotspot")
    func flat() {
        let flat = line.map { Hotspots.Cell(id: $0.id, x: $0.x, y: $0.y, count: 5) }
        #expect(Hotspots.scores(flat, distance: 100).allSatisfy { $0.z == 0 && $0.p == 1 })
        #expect(Hotspots.scores([line[0]], distance: 100).map(\.z) == [0])
    }
}

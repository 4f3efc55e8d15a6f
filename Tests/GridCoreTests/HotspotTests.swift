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

    @Test("Benjamini–Hochberg by hand: of 0.001, 0.008, 0.039, 0.041, 0.042, 0.06 at 5%, the first two pass")
    func falseDiscovery() {
        // Bars k·0.05/6: 0.0083, 0.0167, 0.025, 0.033, 0.0417, 0.05. The largest p under its bar is
        // 0.008 (rank 2): 0.039 > 0.025, 0.041 > 0.033, 0.042 > 0.0417, 0.06 > 0.05.
        let p = [0.041, 0.001, 0.06, 0.008, 0.042, 0.039]
        #expect(Hotspots.significant(p, fdr: 0.05) == [false, true, false, true, false, false])
        #expect(Hotspots.significant(p, fdr: 0.001) == [false, false, false, false, false, false])
        #expect(Hotspots.significant([], fdr: 0.05).isEmpty)
        let scores = [
            Hotspots.Score(id: "hot", z: 3.5, p: 0.0005), Hotspots.Score(id: "cold", z: -2.2, p: 0.03),
            Hotspots.Score(id: "none", z: 0.2, p: 0.8),
        ]
        let classes = Hotspots.classes(scores)
        #expect(classes[0]?.hot == true && classes[0]?.confidence == .ninetyNine)
        #expect(classes[1]?.hot == false && classes[1]?.confidence == .ninetyFive)
        #expect(classes[2] == nil)
    }
}

@Suite("Decision support: queen contiguity")
struct QueenContiguityTests {
    /// A 2×2 block of unit squares: every square touches every other (the diagonal ones at a
    /// corner, which is what makes it queen rather than rook); a fifth square apart touches none.
    @Test("squares sharing an edge or only a corner are neighbours; a distant one is alone")
    func block() {
        func square(_ x: Double, _ y: Double) -> Boundary {
            let ring = [(0.0, 0.0), (1, 0), (1, 1), (0, 1), (0, 0)].map {
                GeoPoint(lat: 30 + (y + $0.1) * 0.001, lng: 120 + (x + $0.0) * 0.001)
            }
            return Boundary(polygons: [Boundary.Polygon(rings: [ring])])
        }
        let neighbours = Hotspots.queenContiguity([
            square(0, 0), square(1, 0), square(0, 1), square(1, 1), square(5, 5),
        ])
        #expect(neighbours == [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [4]])
    }
}

import Foundation

/// Hotspots (热点) by the Getis-Ord Gi* statistic: for each cell of a lattice, how far the sum of
/// counts in its neighbourhood — itself included — lies above or below what the whole lattice's
/// mean would give, in standard deviations. With binary weights w (1 for a neighbour or the cell
/// itself, 0 otherwise), n cells, mean x̄ and standard deviation s (population form):
///
///     z_i = (Σ_j w_ij x_j − x̄ W_i) / (s · √((n S_i − W_i²) / (n − 1)))
///
/// where W_i = Σ_j w_ij and S_i = Σ_j w_ij². The p-value is two-sided from the normal
/// approximation. This is the z-score PySAL's `esda.G_Local(y, w, transform='B', star=True)`
/// reports as `Zs`.
public enum Hotspots {
    public struct Cell: Sendable, Hashable {
        public var id: String
        /// Position in metres on a plane.
        public var x: Double
        public var y: Double
        public var count: Double

        public init(id: String, x: Double, y: Double, count: Double) {
            (self.id, self.x, self.y, self.count) = (id, x, y, count)
        }
    }

    public struct Score: Sendable, Hashable {
        public var id: String
        public var z: Double
        public var p: Double

        public init(id: String, z: Double, p: Double) { (self.id, self.z, self.p) = (id, z, p) }
    }

    /// Gi* over `neighbours` (indices into `counts`, each list including the cell itself).
    /// A lattice without variation has no hotspots: every z is 0 and p is 1.
    public static func giStar(counts: [Double], neighbours: [[Int]]) -> [(z: Double, p: Double)] {
        let n = Double(counts.count)
        guard counts.count > 1 else { return counts.map { _ in (0, 1) } }
        let mean = counts.reduce(0, +) / n
        let variance = counts.reduce(0) { $0 + $1 * $1 } / n - mean * mean
        let s = variance > 0 ? variance.squareRoot() : 0
        return neighbours.map { around in
            let w = Double(around.count)
            let sum = around.reduce(0) { $0 + counts[$1] }
            let spread = s * ((n * w - w * w) / (n - 1)).squareRoot()
            guard spread > 0 else { return (0, 1) }
            let z = (sum - mean * w) / spread
            return (z, erfc(abs(z) / 2.0.squareRoot()))
        }
    }

    /// Queen contiguity from the grids' polygons: grids that share at least one boundary vertex
    /// are neighbours, and each grid is its own (Gi*). Vertices are matched to about a centimetre
    /// (seven decimals), so boundaries digitised from the same line meet; a pass over the vertices.
    public static func queenContiguity(_ boundaries: [Boundary]) -> [[Int]] {
        struct Vertex: Hashable {
            var lat: Int64
            var lng: Int64
        }
        var owners: [Vertex: [Int]] = [:]
        for (index, boundary) in boundaries.enumerated() {
            var seen = Set<Vertex>()
            for polygon in boundary.polygons {
                for ring in polygon.rings {
                    for point in ring {
                        let vertex = Vertex(
                            lat: Int64((point.lat * 1e7).rounded()), lng: Int64((point.lng * 1e7).rounded()))
                        if seen.insert(vertex).inserted { owners[vertex, default: []].append(index) }
                    }
                }
            }
        }
        var neighbours = boundaries.indices.map { Set([$0]) }
        for grids in owners.values where grids.count > 1 {
            for grid in grids { neighbours[grid].formUnion(grids) }
        }
        return neighbours.map { $0.sorted() }
    }

    /// Neighbours within `distance` metres (binary distance band, each cell its own neighbour),
    /// found through a grid of `distance`-sized buckets so a province's lattice costs a pass.
    public static func distanceBand(_ cells: [Cell], distance: Double) -> [[Int]] {
        guard distance > 0 else { return cells.indices.map { [$0] } }
        struct Bucket: Hashable {
            var x: Int
            var y: Int
        }
        func bucket(_ cell: Cell) -> Bucket {
            Bucket(x: Int((cell.x / distance).rounded(.down)), y: Int((cell.y / distance).rounded(.down)))
        }
        var buckets: [Bucket: [Int]] = [:]
        for (index, cell) in cells.enumerated() { buckets[bucket(cell), default: []].append(index) }
        let limit = distance * distance
        return cells.map { cell in
            let home = bucket(cell)
            var around: [Int] = []
            for dx in -1...1 {
                for dy in -1...1 {
                    for other in buckets[Bucket(x: home.x + dx, y: home.y + dy)] ?? [] {
                        let (ddx, ddy) = (cells[other].x - cell.x, cells[other].y - cell.y)
                        if ddx * ddx + ddy * ddy <= limit { around.append(other) }
                    }
                }
            }
            return around.sorted()
        }
    }

    /// Which p-values stay significant at false-discovery rate `q` across all cells
    /// (Benjamini–Hochberg): with the m p-values sorted, the largest k with p₍ₖ₎ ≤ k·q/m sets the
    /// bar, and every p at or under p₍ₖ₎ passes. Testing a thousand grids at 5% would otherwise
    /// flag fifty by chance.
    public static func significant(_ p: [Double], fdr q: Double) -> [Bool] {
        let m = Double(p.count)
        let sorted = p.enumerated().sorted { $0.element < $1.element }
        var bar = -1.0
        for (rank, entry) in sorted.enumerated() where entry.element <= Double(rank + 1) * q / m {
            bar = entry.element
        }
        return p.map { $0 <= bar }
    }

    /// A cell's hotspot class as a map colours it: hot or cold at the highest of 99, 95 and 90%
    /// confidence that survives the false-discovery-rate correction, or none.
    public enum Confidence: Int, Sendable, Hashable, CaseIterable {
        case ninetyNine = 99
        case ninetyFive = 95
        case ninety = 90
    }

    /// Each score's (hot, confidence), `nil` where nothing is significant.
    public static func classes(_ scores: [Score]) -> [(hot: Bool, confidence: Confidence)?] {
        let p = scores.map(\.p)
        let passes = Confidence.allCases.map { ($0, significant(p, fdr: 1 - Double($0.rawValue) / 100)) }
        return scores.indices.map { index in
            guard let level = passes.first(where: { $0.1[index] })?.0 else { return nil }
            return (scores[index].z > 0, level)
        }
    }

    /// Gi* of every cell with its distance-band neighbours.
    public static func scores(_ cells: [Cell], distance: Double) -> [Score] {
        let results = giStar(counts: cells.map(\.count), neighbours: distanceBand(cells, distance: distance))
        return zip(cells, results).map { Score(id: $0.id, z: $1.z, p: $1.p) }
    }
}

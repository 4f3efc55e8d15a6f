/// A region's boundary: one or more polygons, each an outer ring and optional holes (GeoJSON's
/// Polygon and MultiPolygon). Rings are closed: the last position repeats the first.
public struct Boundary: Sendable, Hashable, Codable {
    public struct Polygon: Sendable, Hashable, Codable {
        /// `rings[0]` is the outer ring, the rest are holes.
        public var rings: [[GeoPoint]]
        public init(rings: [[GeoPoint]]) { self.rings = rings }
    }

    public var polygons: [Polygon]

    public init(polygons: [Polygon]) { self.polygons = polygons }

    /// A single polygon without holes from its outer ring, closing it if needed.
    public init(outerRing: [GeoPoint]) {
        var ring = outerRing
        if let first = ring.first, ring.last != first { ring.append(first) }
        self.init(polygons: [Polygon(rings: [ring])])
    }

    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for polygon in polygons { for point in polygon.rings.first ?? [] { box.extend(point) } }
        return box
    }

    /// Even-odd point-in-polygon over every ring: a point in a hole is outside.
    /// A point exactly on an edge is counted on one side only, so tiles sharing an edge never both claim it.
    public func contains(_ p: GeoPoint) -> Bool {
        for polygon in polygons {
            var inside = false
            for ring in polygon.rings where Self.ringContains(ring, p) { inside.toggle() }
            if inside { return true }
        }
        return false
    }

    /// Metres from `p` to the boundary: 0 inside, else to the nearest edge (an attendance check:
    /// in the grid, or near enough to it).
    public func distanceMetres(to p: GeoPoint) -> Double {
        if contains(p) { return 0 }
        var nearest = Double.infinity
        for polygon in polygons {
            for ring in polygon.rings {
                for (a, b) in zip(ring, ring.dropFirst()) { nearest = min(nearest, Track.offset(p, from: a, to: b)) }
            }
        }
        return nearest
    }

    static func ringContains(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i]
            let b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let crossLng = (b.lng - a.lng) * (p.lat - a.lat) / (b.lat - a.lat) + a.lng
                if p.lng < crossLng { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Area in square degrees (shoelace over outer rings minus holes); used by tests of tiling.
    public var planarArea: Double {
        polygons.reduce(0) { sum, polygon in
            polygon.rings.enumerated().reduce(sum) { acc, item in
                let area = abs(Self.signedArea(item.element))
                return item.offset == 0 ? acc + area : acc - area
            }
        }
    }

    static func signedArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        var area = 0.0
        for i in 0..<(ring.count - 1) {
            area += ring[i].lng * ring[i + 1].lat - ring[i + 1].lng * ring[i].lat
        }
        return area / 2
    }
}

public struct BoundingBox: Sendable, Hashable, Codable {
    public var minLat: Double
    public var minLng: Double
    public var maxLat: Double
    public var maxLng: Double

    public init(minLat: Double, minLng: Double, maxLat: Double, maxLng: Double) {
        self.minLat = minLat
        self.minLng = minLng
        self.maxLat = maxLat
        self.maxLng = maxLng
    }

    public static let empty = BoundingBox(minLat: .infinity, minLng: .infinity, maxLat: -.infinity, maxLng: -.infinity)

    public var isEmpty: Bool { minLat > maxLat }

    public mutating func extend(_ p: GeoPoint) {
        minLat = Swift.min(minLat, p.lat)
        maxLat = Swift.max(maxLat, p.lat)
        minLng = Swift.min(minLng, p.lng)
        maxLng = Swift.max(maxLng, p.lng)
    }

    public mutating func extend(_ other: BoundingBox) {
        minLat = Swift.min(minLat, other.minLat)
        maxLat = Swift.max(maxLat, other.maxLat)
        minLng = Swift.min(minLng, other.minLng)
        maxLng = Swift.max(maxLng, other.maxLng)
    }

    public func contains(_ p: GeoPoint) -> Bool {
        p.lat >= minLat && p.lat <= maxLat && p.lng >= minLng && p.lng <= maxLng
    }
}

import Foundation

/// One position of a patrol's track (巡查轨迹), as the phone's geolocation gave it.
public struct TrackPoint: Sendable, Hashable {
    /// Milliseconds since 1970.
    public var at: Int64
    public var point: GeoPoint

    public init(at: Int64, point: GeoPoint) { (self.at, self.point) = (at, point) }
}

/// Tracks stored compactly: a chunk of points as variable-length integers — the first point whole
/// (deciseconds since 1970, microdegrees), each next one as the difference from the one before,
/// zigzag-encoded — so a point every ten seconds on foot takes about five bytes.
public enum TrackCodec {
    public static func encode(_ points: [TrackPoint]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(points.count * 6 + 12)
        var previous = (t: Int64(0), lat: Int64(0), lng: Int64(0))
        for point in points {
            let current = (
                t: point.at / 100, lat: Int64((point.point.lat * 1e6).rounded()),
                lng: Int64((point.point.lng * 1e6).rounded())
            )
            for delta in [current.t - previous.t, current.lat - previous.lat, current.lng - previous.lng] {
                var value = UInt64(bitPattern: (delta << 1) ^ (delta >> 63))
                while value >= 0x80 {
                    bytes.append(UInt8(value & 0x7F) | 0x80)
                    value >>= 7
                }
                bytes.append(UInt8(value))
            }
            previous = current
        }
        return bytes
    }

    /// The points of a chunk; `nil` when the bytes are not one (a stored chunk cut short).
    public static func decode(_ bytes: [UInt8]) -> [TrackPoint]? {
        var points: [TrackPoint] = []
        var index = 0
        var previous = (t: Int64(0), lat: Int64(0), lng: Int64(0))
        func next() -> Int64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count, shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
                shift += 7
            }
            return nil
        }
        while index < bytes.count {
            guard let dt = next(), let dlat = next(), let dlng = next() else { return nil }
            previous = (previous.t + dt, previous.lat + dlat, previous.lng + dlng)
            points.append(
                TrackPoint(
                    at: previous.t * 100,
                    point: GeoPoint(lat: Double(previous.lat) / 1e6, lng: Double(previous.lng) / 1e6)))
        }
        return points
    }
}

/// What a track means: its length, a lighter line to draw, and the checks a phone's points pass.
public enum Track {
    /// Faster than this between two points is no patrol (144 km/h): a bad fix or a forged track.
    public static let maxSpeedMetresPerSecond = 40.0
    /// Points one upload may carry (an hour at one a second is sent in several).
    public static let maxPointsPerUpload = 1000

    /// Metres along the points in order.
    public static func length(_ points: [TrackPoint], from start: TrackPoint? = nil) -> Double {
        var total = 0.0
        var last = start
        for point in points {
            if let last { total += GeoPoint.distanceMetres(last.point, point.point) }
            last = point
        }
        return total
    }

    /// Why `points` cannot follow `last` (the patrol's latest stored point), naming the point by
    /// its index: out of order, in the future, off the globe, or too fast to be walked or ridden.
    public static func problem(_ points: [TrackPoint], after last: TrackPoint?, now: Int64, skew: Int64) -> (
        index: Int, reason: Reason
    )? {
        guard points.count <= maxPointsPerUpload else {
            return (maxPointsPerUpload, "at most \(maxPointsPerUpload) points an upload")
        }
        var previous = last
        for (index, point) in points.enumerated() {
            guard (-90...90).contains(point.point.lat), (-180...180).contains(point.point.lng) else {
                return (index, "is not a position on the globe")
            }
            guard point.at <= now + skew else { return (index, "is in the future") }
            if let previous {
                guard point.at > previous.at else { return (index, "is not later than the point before it") }
                let seconds = Double(point.at - previous.at) / 1000
                if GeoPoint.distanceMetres(previous.point, point.point) / seconds > maxSpeedMetresPerSecond {
                    return (
                        index, "moves faster than \(Int(maxSpeedMetresPerSecond * 3.6)) km/h from the point before it"
                    )
                }
            }
            previous = point
        }
        return nil
    }

    /// The points a map needs to draw the line within `tolerance` metres (Douglas–Peucker), the
    /// first and last always kept.
    public static func simplified(_ points: [TrackPoint], tolerance: Double) -> [TrackPoint] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var farthest = first
            var distance = 0.0
            for index in (first + 1)..<last {
                let d = offset(points[index].point, from: points[first].point, to: points[last].point)
                if d > distance { (farthest, distance) = (index, d) }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Metres from `p` to the segment `a`–`b`, on a plane tangent near `a` (tracks are short).
    public static func offset(_ p: GeoPoint, from a: GeoPoint, to b: GeoPoint) -> Double {
        let metresPerDegree = 111_320.0
        let scale = cos(a.lat * .pi / 180)
        let (bx, by) = ((b.lng - a.lng) * scale * metresPerDegree, (b.lat - a.lat) * metresPerDegree)
        let (px, py) = ((p.lng - a.lng) * scale * metresPerDegree, (p.lat - a.lat) * metresPerDegree)
        let lengthSquared = bx * bx + by * by
        let t = lengthSquared == 0 ? 0 : max(0, min(1, (px * bx + py * by) / lengthSquared))
        let (dx, dy) = (px - t * bx, py - t * by)
        return (dx * dx + dy * dy).squareRoot()
    }
}

import Foundation

/// A point in WGS-84 / CGCS2000 degrees (the two agree to centimetres, so they are not told apart).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var lat: Double
    public var lng: Double

    public init(lat: Double, lng: Double) {
        self.lat = lat
        self.lng = lng
    }

    /// Checks the ranges, naming the offending field.
    public init(validatingLat lat: Double, lng: Double) throws(GeometryError) {
        guard lat.isFinite, (-90...90).contains(lat) else { throw .outOfRange(field: "lat", value: lat) }
        guard lng.isFinite, (-180...180).contains(lng) else { throw .outOfRange(field: "lng", value: lng) }
        self.init(lat: lat, lng: lng)
    }
}

/// Which datum a coordinate given to GridGov is in.
public enum CoordinateSystem: String, Sendable, Codable {
    /// WGS-84 (GPS) or CGCS2000: what GridGov stores.
    case wgs84
    /// GCJ-02, the offset datum of Chinese web maps (高德, 腾讯): converted on the way in.
    case gcj02

    public func toWGS84(_ point: GeoPoint) -> GeoPoint {
        switch self {
        case .wgs84: point
        case .gcj02: GCJ02.toWGS84(point)
        }
    }
}

public enum GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    case outOfRange(field: String, value: Double)
    case invalidGeoJSON(Reason)
    case ringTooShort(ring: Int)

    /// The input field at fault, when one is.
    public var field: String? {
        if case .outOfRange(let field, _) = self { return field }
        return nil
    }

    public var reason: Reason {
        switch self {
        case .outOfRange(let field, let value): "\(field) \(value) is out of range"
        case .invalidGeoJSON(let reason): "invalid GeoJSON: \(reason)"
        case .ringTooShort(let ring): "polygon ring \(ring) needs at least 4 positions (closed)"
        }
    }

    public var description: String { reason.description }
}

extension GeoPoint {
    /// Great-circle distance in metres: duplicate detection, a walk's order, a track's length.
    public static func distanceMetres(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let r = 6_371_000.0
        let rad = Double.pi / 180
        let dLat = (b.lat - a.lat) * rad
        let dLng = (b.lng - a.lng) * rad
        let h = pow(sin(dLat / 2), 2) + cos(a.lat * rad) * cos(b.lat * rad) * pow(sin(dLng / 2), 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }
}

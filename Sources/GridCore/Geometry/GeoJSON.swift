/// GeoJSON (RFC 7946) in and out for boundaries: a `Polygon` or `MultiPolygon` geometry, or a
/// `Feature` carrying one. Positions are `[lng, lat]`.
public enum GeoJSON {
    public static func boundary(from value: JSONValue, datum: CoordinateSystem = .wgs84) throws(GeometryError)
        -> Boundary
    {
        guard let type = value["type"]?.stringValue else { throw .invalidGeoJSON("missing \"type\"") }
        switch type {
        case "Feature":
            guard let geometry = value["geometry"] else { throw .invalidGeoJSON("Feature without \"geometry\"") }
            return try boundary(from: geometry, datum: datum)
        case "Polygon":
            guard let rings = value["coordinates"]?.arrayValue else {
                throw .invalidGeoJSON("Polygon without \"coordinates\"")
            }
            return Boundary(polygons: [try polygon(rings, datum: datum)])
        case "MultiPolygon":
            guard let polygons = value["coordinates"]?.arrayValue else {
                throw .invalidGeoJSON("MultiPolygon without \"coordinates\"")
            }
            var result: [Boundary.Polygon] = []
            for p in polygons {
                guard let rings = p.arrayValue else {
                    throw .invalidGeoJSON("MultiPolygon member is not an array of rings")
                }
                result.append(try polygon(rings, datum: datum))
            }
            guard !result.isEmpty else { throw .invalidGeoJSON("MultiPolygon has no polygons") }
            return Boundary(polygons: result)
        default:
            throw .invalidGeoJSON("type \"\(type)\" is not Polygon, MultiPolygon or Feature")
        }
    }

    private static func polygon(_ rings: [JSONValue], datum: CoordinateSystem) throws(GeometryError) -> Boundary.Polygon
    {
        guard !rings.isEmpty else { throw .invalidGeoJSON("polygon has no rings") }
        var result: [[GeoPoint]] = []
        for (index, ring) in rings.enumerated() {
            guard let positions = ring.arrayValue else { throw .invalidGeoJSON("ring \(index) is not an array") }
            var points: [GeoPoint] = []
            points.reserveCapacity(positions.count)
            for position in positions {
                guard let pair = position.arrayValue, pair.count >= 2,
                    let lng = pair[0].numberValue, let lat = pair[1].numberValue
                else { throw .invalidGeoJSON("ring \(index) has a position that is not [lng, lat]") }
                points.append(datum.toWGS84(try GeoPoint(validatingLat: lat, lng: lng)))
            }
            guard points.count >= 4 else { throw .ringTooShort(ring: index) }
            if points.first != points.last, let first = points.first { points.append(first) }
            result.append(points)
        }
        return Boundary.Polygon(rings: result)
    }

    /// The boundary as a GeoJSON geometry: `Polygon` for one polygon, `MultiPolygon` otherwise.
    public static func geometry(_ boundary: Boundary) -> JSONValue {
        func ring(_ points: [GeoPoint]) -> JSONValue { .array(points.map { [.number($0.lng), .number($0.lat)] }) }
        func polygon(_ p: Boundary.Polygon) -> JSONValue { .array(p.rings.map(ring)) }
        if boundary.polygons.count == 1 {
            return ["type": "Polygon", "coordinates": polygon(boundary.polygons[0])]
        }
        return ["type": "MultiPolygon", "coordinates": .array(boundary.polygons.map(polygon))]
    }
}

import Foundation

/// A cell of thousandths of a degree — about 111 m north–south, 96 m east–west at Hangzhou — as one
/// integer, so "open cases near this point" is a lookup of a few cells instead of a walk over every
/// recent report (the duplicate check at intake, which keeps the cases by cell in memory).
///
/// Each coordinate is multiplied by 1,000 and truncated toward zero.
public enum PlaceCell {
    /// `latIndex * 1,000,000 + lngIndex`; longitude indices stay within ±180,000, so keys never collide.
    public static func key(of point: GeoPoint) -> Int64 {
        key(latIndex: Int64(point.lat * 1000), lngIndex: Int64(point.lng * 1000))
    }

    /// Every cell that may hold a point within `metres` of `point` (great-circle distance on the
    /// sphere of ``GeoPoint/distanceMetres(_:_:)``): the cells the circle's bounding box touches,
    /// two to four each way for 100 m. One range of keys per row of cells (one latitude index): a
    /// row's cells have consecutive keys.
    public static func neighbourhood(of point: GeoPoint, metres: Double) -> [ClosedRange<Int64>] {
        let degreesLat = metres / (6_371_000.0 * Double.pi / 180)
        // A degree of longitude narrows towards the poles; take the circle's latitude nearest one.
        let farthestLat = min(89.0, abs(point.lat) + degreesLat)
        let degreesLng = min(degreesLat / cos(farthestLat * Double.pi / 180), 1)
        // Truncation never decreases as its argument grows, so the box's corners bound its cells.
        let lats = Int64((point.lat - degreesLat) * 1000)...Int64((point.lat + degreesLat) * 1000)
        let (west, east) = (Int64((point.lng - degreesLng) * 1000), Int64((point.lng + degreesLng) * 1000))
        return lats.map { lat in key(latIndex: lat, lngIndex: west)...key(latIndex: lat, lngIndex: east) }
    }

    private static func key(latIndex: Int64, lngIndex: Int64) -> Int64 { latIndex * 1_000_000 + lngIndex }
}

import Foundation

/// GCJ-02 (火星坐标), the obfuscated datum that Chinese web maps publish coordinates in.
///
/// The forward transform is the widely published one; the inverse has no closed form, so
/// ``toWGS84(_:)`` iterates the forward transform until it lands within a millimetre.
public enum GCJ02 {
    private static let semiMajorAxis = 6378245.0
    private static let eccentricitySquared = 0.00669342162296594323

    /// GCJ-02 applies only inside China's rough bounding box; outside it, coordinates pass unchanged.
    public static func isInsideChina(_ p: GeoPoint) -> Bool {
        p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271
    }

    public static func fromWGS84(_ p: GeoPoint) -> GeoPoint {
        guard isInsideChina(p) else { return p }
        let (dLat, dLng) = offset(p)
        return GeoPoint(lat: p.lat + dLat, lng: p.lng + dLng)
    }

    public static func toWGS84(_ gcj: GeoPoint) -> GeoPoint {
        guard isInsideChina(gcj) else { return gcj }
        var wgs = GeoPoint(lat: gcj.lat, lng: gcj.lng)
        for _ in 0..<10 {
            let forward = fromWGS84(wgs)
            let errLat = forward.lat - gcj.lat
            let errLng = forward.lng - gcj.lng
            wgs.lat -= errLat
            wgs.lng -= errLng
            if abs(errLat) < 1e-9 && abs(errLng) < 1e-9 { break }
        }
        return wgs
    }

    private static func offset(_ p: GeoPoint) -> (Double, Double) {
        let x = p.lng - 105.0
        let y = p.lat - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLng += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLng += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLng += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = p.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLng = (dLng * 180.0) / (semiMajorAxis / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLng)
    }
}

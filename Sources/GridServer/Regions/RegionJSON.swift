import GridCore
import GridStore

/// The JSON form of regions: `code`, `name`, `level` (name) and `level_number`, `parent_code`,
/// `seat`, `boundary` (GeoJSON geometry, on single-node reads) and `children`.
enum RegionJSON {
    static func encode(_ region: Region) -> JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(region.code.digits),
            "name": .string(region.name),
            "level": .string(region.level.name),
            "level_number": .number(Double(region.level.rawValue)),
            "parent_code": JSONValue(region.parentCode?.digits),
            "seat": region.seat.map { ["lat": .number($0.lat), "lng": .number($0.lng)] } ?? .null,
        ]
        if let boundary = region.boundary { object["boundary"] = GeoJSON.geometry(boundary) }
        return .object(object)
    }

    /// A node with its children; the whole territory appears as a node without a code.
    static func encode(_ node: RegionNode) -> JSONValue {
        var object: [String: JSONValue]
        if let region = node.region, case .object(let encoded) = encode(region) {
            object = encoded
        } else {
            object = ["code": .null, "name": "全部辖区", "level": "territory", "level_number": 0, "parent_code": .null]
        }
        object["children"] = .array(node.children.map { encode($0) })
        return .object(object)
    }

    /// The body of `PUT /api/v1/regions/{code}`.
    struct Input: Decodable {
        static let fields: Set<String> = ["name", "parent_code", "boundary", "datum", "seat"]
        var name: String
        var parent_code: String?
        var boundary: JSONValue?
        var datum: String?
        var seat: GeoPoint?

        func region(code: RegionCode) throws(APIError) -> Region {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 100 else {
                throw APIError.invalid("name", "must have 1 to 100 characters")
            }
            let datum = try RegionRoutes.datum(self.datum)
            var parent: RegionCode?
            if let parent_code { parent = try RegionRoutes.code(parent_code, field: "parent_code") }
            var boundary: Boundary?
            if let geometry = self.boundary {
                do { boundary = try GeoJSON.boundary(from: geometry, datum: datum) } catch {
                    throw APIError.invalid("boundary", error.reason)
                }
            }
            if code.level == .grid, boundary == nil {
                throw APIError.invalid("boundary", "a grid needs a boundary polygon")
            }
            var seatPoint: GeoPoint?
            if let seat {
                do { seatPoint = datum.toWGS84(try GeoPoint(validatingLat: seat.lat, lng: seat.lng)) } catch {
                    throw APIError.invalid("seat", error.reason)
                }
            }
            return Region(
                code: code, name: trimmed, level: code.level, parentCode: parent, seat: seatPoint, boundary: boundary)
        }
    }
}

import GridCore

/// SQL for the territory tree. Subtrees are read as index range scans over `code`
/// (`code >= prefix AND code < next(prefix)`), never by walking parents.
enum RegionQueries {
    static let columns = "code, name, level, parent_code, seat_lat, seat_lng, boundary"

    static func decode(_ row: SQLRow) throws -> Region {
        let codeText = try row.text(0)
        let code: RegionCode
        do { code = try RegionCode(codeText) } catch { throw StoreError.corrupt("region code \(codeText): \(error)") }
        guard let level = RegionLevel(rawValue: Int(try row.integer(2))) else { throw StoreError.corrupt("level of \(codeText)") }
        let parent = try row.optionalText(3).flatMap { try? RegionCode($0) }
        var seat: GeoPoint?
        if let lat = try row.optionalReal(4), let lng = try row.optionalReal(5) { seat = GeoPoint(lat: lat, lng: lng) }
        var boundary: Boundary?
        if let text = try row.optionalText(6) {
            do { boundary = try GeoJSON.boundary(from: try JSONValue.parse(text)) } catch {
                throw StoreError.corrupt("boundary of \(codeText): \(error)")
            }
        }
        return Region(code: code, name: try row.text(1), level: level, parentCode: parent, seat: seat, boundary: boundary)
    }

    static func values(_ region: Region, at milliseconds: Int64) -> [SQLValue] {
        let box = region.boundary?.boundingBox
        return [.text(region.code.countyCode), .text(region.code.digits), .text(region.name), .integer(Int64(region.level.rawValue)),
                SQLValue(region.parentCode?.digits), SQLValue(region.seat?.lat), SQLValue(region.seat?.lng),
                SQLValue(region.boundary.map { GeoJSON.geometry($0).canonicalText }),
                SQLValue(box?.minLat), SQLValue(box?.minLng), SQLValue(box?.maxLat), SQLValue(box?.maxLng), .integer(milliseconds)]
    }

    static let insertColumns = ["county_code", "code", "name", "level", "parent_code", "seat_lat", "seat_lng", "boundary",
                                "min_lat", "min_lng", "max_lat", "max_lng", "updated_at"]

    /// Inserts or updates whole regions, boundary included.
    static func upsert(_ regions: [Region], at milliseconds: Int64, on db: any SQLConnection) throws {
        try db.insertMany(into: "regions", columns: insertColumns, rows: regions.map { values($0, at: milliseconds) },
                          onConflict: """
                            ON CONFLICT (county_code, code) DO UPDATE SET name = excluded.name, level = excluded.level,
                            parent_code = excluded.parent_code, seat_lat = excluded.seat_lat, seat_lng = excluded.seat_lng,
                            boundary = excluded.boundary, min_lat = excluded.min_lat, min_lng = excluded.min_lng,
                            max_lat = excluded.max_lat, max_lng = excluded.max_lng, updated_at = excluded.updated_at
                            """, chunk: 200)
    }

    /// Inserts or updates regions from a divisions file: names, levels, parents and seats; a boundary
    /// drawn earlier is kept.
    static func upsertDivisions(_ regions: [Region], at milliseconds: Int64, on db: any SQLConnection) throws {
        try db.insertMany(into: "regions", columns: ["county_code", "code", "name", "level", "parent_code", "seat_lat", "seat_lng", "updated_at"],
                          rows: regions.map { region in
                              [.text(region.code.countyCode), .text(region.code.digits), .text(region.name),
                               .integer(Int64(region.level.rawValue)), SQLValue(region.parentCode?.digits),
                               SQLValue(region.seat?.lat), SQLValue(region.seat?.lng), .integer(milliseconds)]
                          },
                          onConflict: """
                            ON CONFLICT (county_code, code) DO UPDATE SET name = excluded.name, level = excluded.level,
                            parent_code = excluded.parent_code, seat_lat = excluded.seat_lat, seat_lng = excluded.seat_lng,
                            updated_at = excluded.updated_at
                            """, chunk: 1000)
    }

    static func find(_ code: RegionCode, on db: any SQLConnection) throws -> Region? {
        try db.queryOne("SELECT \(columns) FROM regions WHERE county_code = ? AND code = ?",
                        [.text(code.countyCode), .text(code.digits)]).map(decode)
    }

    static func exists(_ code: RegionCode, on db: any SQLConnection) throws -> Bool {
        try db.queryOne("SELECT 1 FROM regions WHERE county_code = ? AND code = ?", [.text(code.countyCode), .text(code.digits)]) != nil
    }

    /// Children, by default without their boundaries (lists are read often; boundaries are big).
    static func children(of code: RegionCode, withBoundaries: Bool = false, on db: any SQLConnection) throws -> [Region] {
        try db.query("""
            SELECT code, name, level, parent_code, seat_lat, seat_lng, \(withBoundaries ? "boundary" : "NULL") FROM regions
            WHERE parent_code = ? ORDER BY code
            """, [.text(code.digits)]).map(decode)
    }

    static func roots(on db: any SQLConnection) throws -> [Region] {
        try db.query("SELECT code, name, level, parent_code, seat_lat, seat_lng, NULL FROM regions WHERE parent_code IS NULL ORDER BY code", [])
            .map(decode)
    }

    /// Regions in `range` whose name contains `text`, shallowest first.
    static func search(_ text: String, in range: CodeRange, limit: Int, on db: any SQLConnection) throws -> [Region] {
        var sql = "SELECT code, name, level, parent_code, seat_lat, seat_lng, NULL FROM regions WHERE name LIKE ? ESCAPE '\\'"
        let escaped = text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
        var arguments: [SQLValue] = [.text("%" + escaped + "%")]
        appendRange(range, to: &sql, &arguments)
        sql += " ORDER BY level, code LIMIT ?"
        arguments.append(.integer(Int64(limit)))
        return try db.query(sql, arguments).map(decode)
    }

    /// Every grid with a boundary, for the spatial index.
    static func gridBoundaries(on db: any SQLConnection) throws -> [(key: RegionCode, boundary: Boundary)] {
        try db.query("SELECT code, boundary FROM regions WHERE level = ? AND boundary IS NOT NULL ORDER BY code",
                     [.integer(Int64(RegionLevel.grid.rawValue))]).map { row in
            let codeText = try row.text(0)
            guard let code = try? RegionCode(codeText) else { throw StoreError.corrupt("region code \(codeText)") }
            do { return (code, try GeoJSON.boundary(from: try JSONValue.parse(try row.text(1)))) } catch {
                throw StoreError.corrupt("boundary of \(codeText): \(error)")
            }
        }
    }

    static func count(in range: CodeRange, on db: any SQLConnection) throws -> Int64 {
        var sql = "SELECT COUNT(*) FROM regions WHERE 1 = 1"
        var arguments: [SQLValue] = []
        appendRange(range, to: &sql, &arguments)
        return try db.queryOne(sql, arguments)?.integer(0) ?? 0
    }

    /// Adds `AND code >= ? AND code < ?` for a scope's range (nothing for the whole territory).
    static func appendRange(_ range: CodeRange, to sql: inout String, _ arguments: inout [SQLValue]) {
        guard !range.prefix.isEmpty else { return }
        sql += " AND code >= ? AND code < ?"
        arguments += [.text(range.lowerBound), .text(range.upperBound)]
    }
}

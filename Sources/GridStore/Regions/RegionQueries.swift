import GridCore

/// SQL for the territory tree. Subtrees are read as index range scans over `code`
/// (`code >= prefix AND code < next(prefix)`), never by walking parents.
enum RegionQueries {
    /// The `regions` table's columns, each beside where its value comes from in a ``RegionRow``.
    static let table = TableColumns<RegionRow>([
        .init("county_code") { .text($0.region.code.countyCode) },
        .init("code") { .text($0.region.code.digits) },
        .init("name") { .text($0.region.name) },
        .init("level") { .integer(Int64($0.region.level.rawValue)) },
        .init("parent_code") { SQLValue($0.region.parentCode?.digits) },
        .init("seat_lat") { SQLValue($0.region.seat?.lat) },
        .init("seat_lng") { SQLValue($0.region.seat?.lng) },
        .init("boundary") { SQLValue($0.region.boundary.map { GeoJSON.geometry($0).canonicalText }) },
        .init("min_lat") { SQLValue($0.boundingBox?.minLat) },
        .init("min_lng") { SQLValue($0.boundingBox?.minLng) },
        .init("max_lat") { SQLValue($0.boundingBox?.maxLat) },
        .init("max_lng") { SQLValue($0.boundingBox?.maxLng) },
        .init("updated_at") { .integer($0.updatedAt) },
    ])

    /// What a divisions file sets: a boundary drawn earlier is kept.
    private static let divisionColumns = table.only([
        "county_code", "code", "name", "level", "parent_code", "seat_lat", "seat_lng", "updated_at",
    ])

    /// The columns of a region without its boundary, which lists leave out (they are read often; boundaries are big).
    private static let listColumns = table.selectList(omitting: ["boundary"])

    static func decode(_ row: SQLRow) throws -> Region {
        let row = table.row(row)
        let codeText = try row.text("code")
        let code: RegionCode
        do { code = try RegionCode(codeText) } catch { throw StoreError.corrupt("region code \(codeText): \(error)") }
        guard let level = RegionLevel(rawValue: Int(try row.integer("level"))) else {
            throw StoreError.corrupt("level of \(codeText)")
        }
        let parent = try row.optionalText("parent_code").flatMap { try? RegionCode($0) }
        var seat: GeoPoint?
        if let lat = try row.optionalReal("seat_lat"), let lng = try row.optionalReal("seat_lng") {
            seat = GeoPoint(lat: lat, lng: lng)
        }
        var boundary: Boundary?
        if let text = try row.optionalText("boundary") {
            do { boundary = try GeoJSON.boundary(from: try JSONValue.parse(text)) } catch {
                throw StoreError.corrupt("boundary of \(codeText): \(error)")
            }
        }
        return Region(
            code: code, name: try row.text("name"), level: level, parentCode: parent, seat: seat, boundary: boundary)
    }

    /// Inserts or updates whole regions, boundary included.
    static func upsert(_ regions: [Region], at milliseconds: Int64, on db: any SQLConnection) throws {
        try db.insertMany(
            into: "regions", columns: table.names,
            rows: regions.map { table.values(of: RegionRow($0, updatedAt: milliseconds)) },
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
        try db.insertMany(
            into: "regions", columns: divisionColumns.names,
            rows: regions.map { divisionColumns.values(of: RegionRow($0, updatedAt: milliseconds)) },
            onConflict: """
                ON CONFLICT (county_code, code) DO UPDATE SET name = excluded.name, level = excluded.level,
                parent_code = excluded.parent_code, seat_lat = excluded.seat_lat, seat_lng = excluded.seat_lng,
                updated_at = excluded.updated_at
                """, chunk: 1000)
    }

    static func find(_ code: RegionCode, on db: any SQLConnection) throws -> Region? {
        try db.queryOne(
            "SELECT \(table.selectList) FROM regions WHERE county_code = ? AND code = ?",
            [.text(code.countyCode), .text(code.digits)]
        ).map(decode)
    }

    static func exists(_ code: RegionCode, on db: any SQLConnection) throws -> Bool {
        try db.queryOne(
            "SELECT 1 FROM regions WHERE county_code = ? AND code = ?", [.text(code.countyCode), .text(code.digits)])
            != nil
    }

    /// Children, by default without their boundaries.
    static func children(of code: RegionCode, withBoundaries: Bool = false, on db: any SQLConnection) throws -> [Region]
    {
        // A county's children and below share its county code: named, the query stays on one shard.
        let county = code.level >= .county ? " AND county_code = ?" : ""
        return try db.query(
            """
            SELECT \(withBoundaries ? table.selectList : listColumns) FROM regions
            WHERE parent_code = ?\(county) ORDER BY code
            """, [.text(code.digits)] + (county.isEmpty ? [] : [.text(code.countyCode)])
        ).map(decode)
    }

    /// Every region of a county (without boundaries): what an address's region names are read against.
    static func inCounty(_ county: String, on db: any SQLConnection) throws -> [Region] {
        try db.query("SELECT \(listColumns) FROM regions WHERE county_code = ?", [.text(county)]).map(decode)
    }

    static func roots(on db: any SQLConnection) throws -> [Region] {
        try db.query("SELECT \(listColumns) FROM regions WHERE parent_code IS NULL ORDER BY code", [])
            .map(decode)
    }

    /// Regions in `range` whose name contains `text`, shallowest first.
    static func search(_ text: String, in range: CodeRange, limit: Int, on db: any SQLConnection) throws -> [Region] {
        var sql = "SELECT \(listColumns) FROM regions WHERE name LIKE ? ESCAPE '\\'"
        let escaped = text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
        var arguments: [SQLValue] = [.text("%" + escaped + "%")]
        appendRange(range, to: &sql, &arguments)
        sql += " ORDER BY level, code LIMIT ?"
        arguments.append(.integer(Int64(limit)))
        return try db.query(sql, arguments).map(decode)
    }

    /// Every grid with a boundary, for the spatial index.
    static func gridBoundaries(on db: any SQLConnection) throws -> [(key: RegionCode, boundary: Boundary)] {
        try db.query(
            "SELECT code, boundary FROM regions WHERE level = ? AND boundary IS NOT NULL ORDER BY code",
            [.integer(Int64(RegionLevel.grid.rawValue))]
        ).map { row in
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
        // Within a county (a prefix of its six digits or more) its county code is named too.
        if range.prefix.count >= 6 {
            sql += " AND county_code = ?"
            arguments.append(.text(String(range.prefix.prefix(6))))
        }
    }
}

/// A region as its row holds it: with when it was written, and its boundary's bounding box,
/// worked out once for its four columns.
struct RegionRow {
    let region: Region
    let boundingBox: BoundingBox?
    let updatedAt: Int64

    init(_ region: Region, updatedAt: Int64) {
        self.region = region
        boundingBox = region.boundary?.boundingBox
        self.updatedAt = updatedAt
    }
}

/// A standard-address file (标准地址): CSV in UTF-8, one row per address down to the deepest level
/// known — a place, optionally its building, unit and room — with the grid it lies in and,
/// optionally, its point (WGS-84). The header is English or the usual Chinese:
/// `place,building,unit,room,grid_code,lat,lng` or `地址,楼栋,单元,室,网格编码,纬度,经度`.
/// Building and unit are numbers (`3`, `3幢`, `三栋`); a room is what is on its door (`501`).
public struct AddressFile: Sendable {
    public static let columns = ImportColumns(
        names: ["place", "building", "unit", "room", "grid_code", "lat", "lng"], required: ["place", "grid_code"],
        chinese: [
            "地址": "place", "门牌地址": "place", "小区": "place", "楼栋": "building", "楼幢": "building", "幢": "building",
            "单元": "unit", "室": "room", "房号": "room", "网格编码": "grid_code", "所属网格": "grid_code", "纬度": "lat",
            "经度": "lng",
        ])

    public struct Row: Sendable, Hashable {
        public var line: Int
        /// The names from the place down, as the tree keeps them: `文三路12号`, `3幢`, `2单元`, `501室`.
        public var path: [String]
        public var grid: RegionCode
        public var point: GeoPoint?
    }

    public private(set) var rows: [Row] = []

    /// Parses and checks every row of `table`; a file with any problem yields no rows (the problems
    /// name line and column).
    public init(table: ImportTable) throws(ImportProblems) {
        if case .failure(let problems) = Self.columns.positions(in: table.header) { throw problems }
        var problems = ImportProblems()
        rows = Self.columns.rows(of: table, problems: &problems) { n, field, problems -> Row? in
            let path: [String]
            switch Self.path(
                place: field("place"), building: field("building"), unit: field("unit"), room: field("room"))
            {
            case .success(let made): path = made
            case .failure(let problem):
                problems.append(n, problem.field, problem.reason)
                return nil
            }
            let grid: RegionCode
            do throws(RegionCodeError) { grid = try RegionCode(field("grid_code")) } catch {
                problems.append(n, "grid_code", error.reason)
                return nil
            }
            guard grid.level >= .grid else {
                problems.append(n, "grid_code", "'\(field("grid_code"))' is not a grid's code (15 or 18 digits)")
                return nil
            }
            var point: GeoPoint?
            if !field("lat").isEmpty || !field("lng").isEmpty {
                guard let lat = Double(field("lat")), let lng = Double(field("lng")) else {
                    problems.append(n, "lat", "lat/lng must both be numbers or both empty")
                    return nil
                }
                do throws(GeometryError) { point = try GeoPoint(validatingLat: lat, lng: lng) } catch {
                    problems.append(n, error.field, error.reason)
                    return nil
                }
            }
            return Row(line: n, path: path, grid: grid, point: point)
        }
        if !problems.isEmpty { throw problems }
    }

    /// A problem with one column of a row.
    public struct FieldProblem: Error, Sendable {
        public var field: String
        public var reason: Reason
    }

    /// The names of an address from its place down, as the tree keeps them (`文三路12号`, `3幢`,
    /// `2单元`, `501室`); building and unit are numbers (`3`, `3幢`, `三栋`), a room what is on its
    /// door, and each level needs the one above it (a room may skip the unit).
    public static func path(place: String, building: String, unit: String, room: String) -> Result<
        [String], FieldProblem
    > {
        let placeName = AddressText.normalised(place)
        guard !placeName.isEmpty, placeName.count <= 100 else {
            return .failure(FieldProblem(field: "place", reason: "a place is 1 to 100 characters"))
        }
        var path = [placeName]
        for (index, column, text, suffix) in [(1, "building", building, "幢"), (2, "unit", unit, "单元")]
        where !text.isEmpty {
            let number = AddressText.normalised(text).replacing(suffix, with: "").replacing("栋", with: "")
            guard let value = Int(number) ?? AddressText.chineseNumber(number), (1...9999).contains(value),
                path.count == index
            else {
                return .failure(
                    FieldProblem(field: column, reason: "'\(text)' is not a number of a level under the one before"))
            }
            path.append("\(value)\(suffix)")
        }
        if !room.isEmpty {
            let door = AddressText.normalised(room).replacing("室", with: "").replacing("号", with: "")
            guard !door.isEmpty, door.count <= 16, path.count >= 2 else {
                return .failure(FieldProblem(field: "room", reason: "a room is 1 to 16 characters, in a building"))
            }
            path.append(door + "室")
        }
        return .success(path)
    }
}

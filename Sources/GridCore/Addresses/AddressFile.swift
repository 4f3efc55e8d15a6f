/// A standard-address file (标准地址): CSV in UTF-8, one row per address down to the deepest level
/// known — a place, optionally its building, unit and room — with the grid it lies in and,
/// optionally, its point (WGS-84). The header is English or the usual Chinese:
/// `place,building,unit,room,grid_code,lat,lng` or `地址,楼栋,单元,室,网格编码,纬度,经度`.
/// Building and unit are numbers (`3`, `3幢`, `三栋`); a room is what is on its door (`501`).
public struct AddressFile: Sendable {
    public static let header = ["place", "building", "unit", "room", "grid_code", "lat", "lng"]
    static let chineseHeader = ["地址", "楼栋", "单元", "室", "网格编码", "纬度", "经度"]

    public struct Row: Sendable, Hashable {
        public var line: Int
        /// The names from the place down, as the tree keeps them: `文三路12号`, `3幢`, `2单元`, `501室`.
        public var path: [String]
        public var grid: RegionCode
        public var point: GeoPoint?
    }

    public private(set) var rows: [Row] = []

    /// Parses and checks every row; a file with any problem yields no rows (the problems name line
    /// and column).
    public init(utf8 bytes: [UInt8]) throws(ImportProblems) {
        var lines = CSVLines.split(bytes)
        guard let headerLine = lines.first else {
            throw ImportProblems([ImportProblem(line: 1, field: nil, reason: "the file is empty")])
        }
        lines.removeFirst()
        guard let headerText = String(validating: headerLine.bytes, as: UTF8.self) else {
            throw ImportProblems([ImportProblem(line: 1, field: nil, reason: "the header is not UTF-8")])
        }
        let header = headerText.trimmingBOM().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingSpaces()
        }
        guard header == Self.header || header == Self.chineseHeader else {
            throw ImportProblems([
                ImportProblem(
                    line: 1, field: nil,
                    reason: "the header must be \(Self.header.joined(separator: ",")), found \(headerText)")
            ])
        }
        var problems = ImportProblems()
        for line in lines {
            let n = line.number
            guard let text = String(validating: line.bytes, as: UTF8.self) else {
                problems.append(n, nil, "the line is not valid UTF-8")
                continue
            }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard fields.count == Self.header.count else {
                problems.append(n, nil, "expected \(Self.header.count) fields, found \(fields.count)")
                continue
            }
            let place = AddressText.normalised(fields[0])
            guard !place.isEmpty, place.count <= 100 else {
                problems.append(n, "place", "a place is 1 to 100 characters")
                continue
            }
            var path = [place]
            var broken = false
            for (index, suffix) in [(1, "幢"), (2, "单元")] where !fields[index].isEmpty {
                let number = AddressText.normalised(fields[index]).replacing(suffix, with: "")
                guard let value = Int(number) ?? AddressText.chineseNumber(number), (1...9999).contains(value),
                    path.count == index
                else {
                    problems.append(
                        n, Self.header[index], "'\(fields[index])' is not a number of a level under the one before")
                    broken = true
                    break
                }
                path.append("\(value)\(suffix)")
            }
            if broken { continue }
            if !fields[3].isEmpty {
                let room = AddressText.normalised(fields[3]).replacing("室", with: "").replacing("号", with: "")
                guard !room.isEmpty, room.count <= 16, path.count >= 2 else {
                    problems.append(n, "room", "a room is 1 to 16 characters, in a building")
                    continue
                }
                path.append(room + "室")
            }
            let grid: RegionCode
            do { grid = try RegionCode(fields[4]) } catch {
                problems.append(n, "grid_code", error.reason)
                continue
            }
            guard grid.level >= .grid else {
                problems.append(n, "grid_code", "'\(fields[4])' is not a grid's code (15 or 18 digits)")
                continue
            }
            var point: GeoPoint?
            if !fields[5].isEmpty || !fields[6].isEmpty {
                guard let lat = Double(fields[5]), let lng = Double(fields[6]) else {
                    problems.append(n, "lat", "lat/lng must both be numbers or both empty")
                    continue
                }
                do { point = try GeoPoint(validatingLat: lat, lng: lng) } catch {
                    problems.append(n, error.field, error.reason)
                    continue
                }
            }
            rows.append(Row(line: n, path: path, grid: grid, point: point))
        }
        if !problems.isEmpty { throw problems }
    }
}

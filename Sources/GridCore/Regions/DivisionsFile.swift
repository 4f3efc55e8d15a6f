/// A divisions file (行政区划): CSV with the header `code,name,level,parent_code,lat,lng`, one row
/// per node, every parent before its children. Seat points are GCJ-02 (as the national file's are)
/// and are converted to WGS-84.
public struct DivisionsFile: Sendable {
    public static let header = ["code", "name", "level", "parent_code", "lat", "lng"]

    public struct Row: Sendable, Hashable {
        public var line: Int
        public var region: Region
    }

    public private(set) var rows: [Row] = []

    /// Parses and checks the whole file. `existingLevel` answers the level of a code already in the
    /// store, so a file may add children under nodes imported before. Every bad row is reported
    /// (with its line and reason); a file with any problem yields no rows at all.
    public init(utf8 bytes: [UInt8], existingLevel: (RegionCode) -> RegionLevel?) throws(ImportProblems) {
        var problems = ImportProblems()
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
        guard header == Self.header else {
            throw ImportProblems([
                ImportProblem(
                    line: 1, field: nil,
                    reason: "the header must be \(Self.header.joined(separator: ",")), found \(headerText)")
            ])
        }

        var levels: [String: RegionLevel] = [:]
        levels.reserveCapacity(lines.count)
        var parsed: [Row] = []
        parsed.reserveCapacity(lines.count)
        for line in lines {
            let n = line.number
            guard let text = String(validating: line.bytes, as: UTF8.self) else {
                problems.append(n, nil, "the line is not valid UTF-8")
                continue
            }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard fields.count == 6 else {
                problems.append(n, nil, "expected 6 fields, found \(fields.count)")
                continue
            }
            let code: RegionCode
            do { code = try RegionCode(fields[0]) } catch {
                problems.append(n, "code", error.reason)
                continue
            }
            guard code.digits.utf8.count == 12 else {
                problems.append(n, "code", "a division code has 12 digits; grids are added with their boundaries")
                continue
            }
            let name = fields[1]
            guard !name.isEmpty else {
                problems.append(n, "name", "the name is empty")
                continue
            }
            guard let levelNumber = Int(fields[2]), let level = RegionLevel(rawValue: levelNumber), level <= .village
            else {
                problems.append(n, "level", "level '\(fields[2])' must be 1 to 5")
                continue
            }
            guard code.level == level else {
                problems.append(
                    n, "code",
                    "code \(code) does not fit level \(level.rawValue): its digits make it a code of level \(code.level.rawValue)"
                )
                continue
            }
            if levels[code.digits] != nil {
                problems.append(n, "code", "duplicate code \(code) (first seen on an earlier line)")
                continue
            }
            var parent: RegionCode?
            if !fields[3].isEmpty {
                do { parent = try RegionCode(fields[3]) } catch {
                    problems.append(n, "parent_code", error.reason)
                    continue
                }
            }
            if let parent {
                guard let parentLevel = levels[parent.digits] ?? existingLevel(parent) else {
                    problems.append(
                        n, "parent_code", "unknown parent \(parent): not earlier in the file nor in the store")
                    continue
                }
                guard parentLevel < level, parent.contains(code) else {
                    problems.append(
                        n, "parent_code",
                        "\(parent) cannot hold \(code): a parent is of a higher level and its code begins the child's")
                    continue
                }
            } else if level != .province {
                problems.append(n, "parent_code", "only a province may have no parent")
                continue
            }
            var seat: GeoPoint?
            if !fields[4].isEmpty || !fields[5].isEmpty {
                guard let lat = Double(fields[4]), let lng = Double(fields[5]) else {
                    problems.append(n, "lat", "lat/lng must both be numbers or both empty")
                    continue
                }
                do { seat = GCJ02.toWGS84(try GeoPoint(validatingLat: lat, lng: lng)) } catch {
                    problems.append(n, error.field, error.reason)
                    continue
                }
            }
            levels[code.digits] = level
            parsed.append(
                Row(line: n, region: Region(code: code, name: name, level: level, parentCode: parent, seat: seat)))
        }
        if !problems.isEmpty { throw problems }
        rows = parsed
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        if s.count >= 2, s.first == "\"", s.last == "\"" { s = s.dropFirst().dropLast() }
        return String(s)
    }

    func trimmingBOM() -> String {
        var s = String(self)
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        return s
    }
}

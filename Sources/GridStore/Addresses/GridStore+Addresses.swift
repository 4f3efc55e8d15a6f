import Foundation
import GridCore

/// What an import of standard addresses did.
public struct AddressImportSummary: Sendable, Equatable {
    public var rows: Int
    /// Addresses (of any level) the tree did not have.
    public var inserted: Int

    public init(rows: Int, inserted: Int) {
        self.rows = rows
        self.inserted = inserted
    }
}

extension GridStore {
    /// Imports a standard-address file (``AddressFile``): every row checked first, then the whole
    /// file in one transaction or nothing. Addresses already in the tree keep their codes (a room's
    /// grid and point are updated); new ones are numbered `<county>-000001` on. Administrators
    /// only, each grid within their scope; journaled on each county's chain.
    public func importAddresses(_ bytes: [UInt8], source: String, by caller: Caller) async throws
        -> AddressImportSummary
    {
        guard caller.role == .admin else { throw StoreError.outOfScope("importing standard addresses") }
        let (table, lineProblems, _) = try ImportText.table(bytes)
        if !lineProblems.isEmpty { throw lineProblems }
        let file = try AddressFile(table: table)
        var problems = ImportProblems()
        for row in file.rows where !caller.scope.contains(row.grid) {
            problems.append(row.line, "grid_code", "grid \(row.grid) is outside your scope")
        }
        let grids = Set(file.rows.map(\.grid))
        let known = try await database.read { db in
            try grids.filter { try RegionQueries.exists($0, on: db) }
        }
        for row in file.rows where !known.contains(row.grid) {
            problems.append(row.line, "grid_code", "unknown grid \(row.grid)")
        }
        if !problems.isEmpty { throw problems }

        let at = now.epochMilliseconds
        let byCounty = Dictionary(grouping: file.rows, by: \.grid.countyCode)
        let inserted = try await database.write { db -> Int in
            var inserted = 0
            for (county, rows) in byCounty.sorted(by: { $0.key < $1.key }) {
                var tree = try AddressTree(county: county, on: db)
                for row in rows {
                    _ = try tree.place(row.path, grid: row.grid, point: row.point, at: at, on: db)
                }
                inserted += tree.inserted
                let content = rows.map { $0.path.joined(separator: "/") + "|" + $0.grid.digits }.joined(separator: "\n")
                try Journal.append(
                    JournalChange(
                        chain: county, actor: caller.actor, action: "addresses.import", entity: "addresses",
                        entityID: source,
                        after: ["rows": .number(Double(rows.count)), "sha256": .string(Journal.sha256Hex(content))]),
                    at: at, on: db)
            }
            return inserted
        }
        addressMatchers.withLock { cache in for county in byCounty.keys { cache[county] = nil } }
        return AddressImportSummary(rows: file.rows.count, inserted: inserted)
    }

    /// The matcher over a county's standard addresses and regions, built on first use and kept
    /// until the county's addresses change.
    public func addressMatcher(county: String) async throws -> AddressMatcher {
        if let cached = addressMatchers.withLock({ $0[county] }) { return cached }
        let (addresses, regions) = try await database.read { db in
            let addresses = try db.query(
                "SELECT code, parent_code, level, name, region_code, lat, lng FROM addresses WHERE county_code = ?",
                [.text(county)]
            ).compactMap { row -> StandardAddress? in
                guard let level = AddressLevel(rawValue: Int(try row.integer(2))),
                    let region = try? RegionCode(try row.text(4))
                else { return nil }
                let parent = try row.text(1)
                let point = try row.optionalReal(5).flatMap { lat in
                    try row.optionalReal(6).map { GeoPoint(lat: lat, lng: $0) }
                }
                return StandardAddress(
                    code: try row.text(0), parentCode: parent.isEmpty ? nil : parent, level: level,
                    name: try row.text(3), regionCode: region, point: point)
            }
            return (addresses, try RegionQueries.inCounty(county, on: db))
        }
        let matcher = AddressMatcher(addresses: addresses, regions: regions)
        addressMatchers.withLock { $0[county] = matcher }
        return matcher
    }
}

/// A county's standard-address tree as a write sees it: each address found by its parent and name,
/// new ones numbered `<county>-000001` on.
struct AddressTree {
    let county: String
    private var codes: [String: String] = [:]  // "parent\u{1F}name" → code
    private var last = 0
    /// Addresses this write added.
    private(set) var inserted = 0

    init(county: String, on db: any SQLConnection) throws {
        self.county = county
        for row in try db.query("SELECT code, parent_code, name FROM addresses WHERE county_code = ?", [.text(county)])
        {
            let code = try row.text(0)
            codes[try row.text(1) + "\u{1F}" + row.text(2)] = code
            last = max(last, Int(code.split(separator: "-").last ?? "") ?? 0)
        }
    }

    /// The code of the address `path` names, adding the levels the tree lacks; the deepest one takes
    /// `grid` and `point`.
    mutating func place(_ path: [String], grid: RegionCode, point: GeoPoint?, at: Int64, on db: any SQLConnection)
        throws -> String
    {
        var parent = ""
        for (depth, name) in path.enumerated() {
            let key = parent + "\u{1F}" + name
            let deepest = depth == path.count - 1
            if let code = codes[key] {
                if deepest {
                    try db.execute(
                        "UPDATE addresses SET region_code = ?, lat = COALESCE(?, lat), lng = COALESCE(?, lng), updated_at = ? WHERE county_code = ? AND code = ?",
                        [
                            .text(grid.digits), SQLValue(point?.lat), SQLValue(point?.lng), .integer(at),
                            .text(county), .text(code),
                        ])
                }
                parent = code
                continue
            }
            last += 1
            let code = county + "-" + String(format: "%06d", last)
            let level: AddressLevel =
                depth == 0 ? .place : name.hasSuffix("室") ? .room : name.hasSuffix("单元") ? .unit : .building
            try db.execute(
                """
                INSERT INTO addresses (county_code, code, parent_code, level, name, region_code, lat, lng, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(county), .text(code), .text(parent), .integer(Int64(level.rawValue)), .text(name),
                    .text(grid.digits), SQLValue(deepest ? point?.lat : nil), SQLValue(deepest ? point?.lng : nil),
                    .integer(at),
                ])
            codes[key] = code
            parent = code
            inserted += 1
        }
        return parent
    }
}

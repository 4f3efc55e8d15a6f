import Foundation
import GridCore

/// A house as a grid worker sees it: its standard address, use and owner (masked), and who lives
/// there according to the people registry.
public struct HouseView: Sendable, Hashable {
    public var addressCode: String
    /// The address from its place down: `文三路12号 3幢 2单元 501室`.
    public var address: String
    public var grid: RegionCode
    public var use: HouseUse
    public var maskedOwner: String?
    public var area: Double?
    public var tenants: Int?
    public var tenantLimit: Int?
    public var hazard: HazardLevel?
    public var residents: Int

    /// A rental with more tenants than its limit (群租).
    public var isOvercrowded: Bool {
        guard let tenants, let tenantLimit else { return false }
        return tenants > tenantLimit
    }
}

/// An organisation as everyone but a revealing role sees it: its phone masked.
public struct OrganisationView: Sendable, Hashable {
    public var creditCode: String
    public var name: String
    public var type: String?
    public var address: String?
    public var grid: RegionCode
    public var maskedPhone: String?
    public var legalRepresentative: String?
    public var flags: [String]
}

/// What an import of people, houses or organisations did.
public struct RegistryImportSummary: Sendable, Equatable {
    public var rows: Int
    public var inserted: Int
    /// Rows that matched a record already there (same identity number, address or credit code) and
    /// updated it.
    public var merged: Int
    public var skipped: Int
    public var encoding: String

    public init(rows: Int, inserted: Int, merged: Int, skipped: Int, encoding: String) {
        (self.rows, self.inserted, self.merged, self.skipped, self.encoding) = (
            rows, inserted, merged, skipped, encoding
        )
    }
}

extension GridStore {
    /// Imports a houses file (``HouseFile``) in UTF-8, GBK or XLSX: each house placed in the
    /// standard-address tree (levels it lacks are added), owner identity numbers sealed. A house
    /// already registered at the address is updated with the fields the row gives.
    public func importHouses(_ bytes: [UInt8], source: String, validRowsOnly: Bool = false, by caller: Caller)
        async throws -> (summary: RegistryImportSummary, problems: ImportProblems)
    {
        try requireImporter(caller, "importing houses")
        let (table, lineProblems, encoding) = try ImportText.table(bytes)
        let file = HouseFile(table: table, latest: WorkingCalendar.local(now.now).0)
        var problems = file.problems
        problems.merge(lineProblems)
        if problems.problems.contains(where: { $0.line == 1 }) { throw problems }
        let good = try await rowsInScope(file.rows, grid: \.grid, line: \.line, caller: caller, problems: &problems)
        if !problems.isEmpty, !validRowsOnly { throw problems }
        let fields = try requireProtection()
        let owners = try good.map { row in
            try row.owner.map {
                (sealed: try fields.seal($0.text), index: fields.blindIndex($0.text), masked: $0.masked)
            }
        }
        let at = now.epochMilliseconds
        let (inserted, merged) = try await database.write { db -> (Int, Int) in
            var (inserted, merged) = (0, 0)
            let byCounty = Dictionary(grouping: good.indices, by: { good[$0].grid.countyCode })
            for (county, indices) in byCounty.sorted(by: { $0.key < $1.key }) {
                var tree = try AddressTree(county: county, on: db)
                for index in indices {
                    let row = good[index]
                    let owner = owners[index]
                    let code = try tree.place(row.path, grid: row.grid, point: nil, at: at, on: db)
                    let stored = try db.queryOne(
                        "SELECT grid_code FROM houses WHERE county_code = ? AND address_code = ?",
                        [.text(county), .text(code)]
                    ).map { try $0.text(0) }
                    try Self.requireInScope(
                        stored, caller, line: row.line, field: "address",
                        "this house is registered in grid \(stored ?? ""), outside your scope")
                    if stored != nil {
                        try db.execute(
                            """
                            UPDATE houses SET grid_code = ?, use_code = ?, owner_sealed = COALESCE(?, owner_sealed),
                                owner_index = COALESCE(?, owner_index), owner_masked = COALESCE(?, owner_masked),
                                area = COALESCE(?, area), tenants = COALESCE(?, tenants),
                                tenant_limit = COALESCE(?, tenant_limit), hazard_level = COALESCE(?, hazard_level),
                                updated_at = ?
                            WHERE county_code = ? AND address_code = ?
                            """,
                            [
                                .text(row.grid.digits), .text(row.use.rawValue), SQLValue(owner?.sealed),
                                SQLValue(owner?.index), SQLValue(owner?.masked), SQLValue(row.area),
                                SQLValue(row.tenants.map(Int64.init)), SQLValue(row.tenantLimit.map(Int64.init)),
                                SQLValue(row.hazard?.rawValue), .integer(at), .text(county), .text(code),
                            ])
                        merged += 1
                    } else {
                        try db.execute(
                            """
                            INSERT INTO houses (county_code, address_code, grid_code, use_code, owner_sealed, owner_index,
                                owner_masked, area, tenants, tenant_limit, hazard_level, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                            [
                                .text(county), .text(code), .text(row.grid.digits), .text(row.use.rawValue),
                                SQLValue(owner?.sealed), SQLValue(owner?.index), SQLValue(owner?.masked),
                                SQLValue(row.area), SQLValue(row.tenants.map(Int64.init)),
                                SQLValue(row.tenantLimit.map(Int64.init)), SQLValue(row.hazard?.rawValue), .integer(at),
                            ])
                        inserted += 1
                    }
                }
                let content = indices.map { good[$0].path.joined(separator: "/") + "|" + (owners[$0]?.index ?? "") }
                try Journal.append(
                    JournalChange(
                        chain: county, actor: caller.actor, action: "houses.import", entity: "houses", entityID: source,
                        after: [
                            "rows": .number(Double(indices.count)),
                            "sha256": .string(Journal.sha256Hex(content.joined(separator: "\n"))),
                        ]),
                    at: at, on: db)
            }
            return (inserted, merged)
        }
        addressMatchers.withLock { cache in for county in Set(good.map(\.grid.countyCode)) { cache[county] = nil } }
        return (
            RegistryImportSummary(
                rows: good.count, inserted: inserted, merged: merged, skipped: problems.problems.count,
                encoding: encoding.rawValue),
            problems
        )
    }

    /// Imports an organisations file (``OrganisationFile``) in UTF-8, GBK or XLSX. An organisation
    /// already registered in the county (same credit code) is updated with the fields the row gives.
    public func importOrganisations(_ bytes: [UInt8], source: String, validRowsOnly: Bool = false, by caller: Caller)
        async throws -> (summary: RegistryImportSummary, problems: ImportProblems)
    {
        try requireImporter(caller, "importing organisations")
        let (table, lineProblems, encoding) = try ImportText.table(bytes)
        let file = OrganisationFile(table: table, isPhone: ScopedStore.isPhone)
        var problems = file.problems
        problems.merge(lineProblems)
        if problems.problems.contains(where: { $0.line == 1 }) { throw problems }
        let good = try await rowsInScope(file.rows, grid: \.grid, line: \.line, caller: caller, problems: &problems)
        if !problems.isEmpty, !validRowsOnly { throw problems }
        let fields = try requireProtection()
        let phones = try good.map { row in
            try row.phone.map { (sealed: try fields.seal($0), index: fields.blindIndex($0), masked: Masking.phone($0)) }
        }
        let at = now.epochMilliseconds
        let (inserted, merged) = try await database.write { db -> (Int, Int) in
            var (inserted, merged) = (0, 0)
            let byCounty = Dictionary(grouping: good.indices, by: { good[$0].grid.countyCode })
            for (county, indices) in byCounty.sorted(by: { $0.key < $1.key }) {
                for index in indices {
                    let row = good[index]
                    let phone = phones[index]
                    let flags = JSONValue.array(row.flags.map(JSONValue.string)).canonicalText
                    let key: [SQLValue] = [.text(county), .text(row.creditCode.text)]
                    let stored = try db.queryOne(
                        "SELECT grid_code FROM organisations WHERE county_code = ? AND credit_code = ?", key
                    ).map { try $0.text(0) }
                    try Self.requireInScope(
                        stored, caller, line: row.line, field: "credit_code",
                        "this organisation is registered in grid \(stored ?? ""), outside your scope")
                    if stored != nil {
                        try db.execute(
                            """
                            UPDATE organisations SET grid_code = ?, name = ?, type = COALESCE(?, type),
                                address = COALESCE(?, address), phone_sealed = COALESCE(?, phone_sealed),
                                phone_index = COALESCE(?, phone_index), phone_masked = COALESCE(?, phone_masked),
                                legal_representative = COALESCE(?, legal_representative),
                                flags = CASE WHEN ? = '[]' THEN flags ELSE ? END, updated_at = ?
                            WHERE county_code = ? AND credit_code = ?
                            """,
                            [
                                .text(row.grid.digits), .text(row.name), SQLValue(row.type), SQLValue(row.address),
                                SQLValue(phone?.sealed), SQLValue(phone?.index), SQLValue(phone?.masked),
                                SQLValue(row.legalRepresentative), .text(flags), .text(flags), .integer(at),
                            ] + key)
                        merged += 1
                    } else {
                        try db.execute(
                            """
                            INSERT INTO organisations (county_code, credit_code, grid_code, name, type, address,
                                phone_sealed, phone_index, phone_masked, legal_representative, flags, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                            key + [
                                .text(row.grid.digits), .text(row.name), SQLValue(row.type), SQLValue(row.address),
                                SQLValue(phone?.sealed), SQLValue(phone?.index), SQLValue(phone?.masked),
                                SQLValue(row.legalRepresentative), .text(flags), .integer(at),
                            ])
                        inserted += 1
                    }
                }
                let content = indices.map { good[$0].creditCode.text + "|" + good[$0].grid.digits }
                try Journal.append(
                    JournalChange(
                        chain: county, actor: caller.actor, action: "organisations.import", entity: "organisations",
                        entityID: source,
                        after: [
                            "rows": .number(Double(indices.count)),
                            "sha256": .string(Journal.sha256Hex(content.joined(separator: "\n"))),
                        ]),
                    at: at, on: db)
            }
            return (inserted, merged)
        }
        return (
            RegistryImportSummary(
                rows: good.count, inserted: inserted, merged: merged, skipped: problems.problems.count,
                encoding: encoding.rawValue),
            problems
        )
    }

    /// A record already registered in a grid outside the importer's scope is that grid's to change:
    /// the import stops, naming the line.
    static func requireInScope(
        _ storedGrid: String?, _ caller: Caller, line: Int, field: String, _ reason: @autoclosure () -> Reason
    ) throws(ImportProblems) {
        guard let storedGrid, let grid = try? RegionCode(storedGrid), !caller.scope.contains(grid) else { return }
        throw ImportProblems([ImportProblem(line: line, field: field, reason: reason())])
    }

    /// Base data is imported by an administrator, a command centre or a workstation, within scope.
    func requireImporter(_ caller: Caller, _ doing: String) throws {
        guard [.admin, .centre, .station].contains(caller.role) else { throw StoreError.outOfScope(doing) }
    }

    /// The rows whose grid exists and lies within the caller's scope; the others become problems.
    func rowsInScope<Row: Sendable>(
        _ rows: [Row], grid: KeyPath<Row, RegionCode>, line: KeyPath<Row, Int>, caller: Caller,
        problems: inout ImportProblems
    ) async throws -> [Row] {
        let grids = Set(rows.map { $0[keyPath: grid] })
        let known = try await database.read { db in try grids.filter { try RegionQueries.exists($0, on: db) } }
        var good: [Row] = []
        for row in rows {
            let code = row[keyPath: grid]
            if !caller.scope.contains(code) {
                problems.append(row[keyPath: line], "grid_code", "grid \(code) is outside your scope")
            } else if !known.contains(code) {
                problems.append(row[keyPath: line], "grid_code", "unknown grid \(code)")
            } else {
                good.append(row)
            }
        }
        return good
    }
}

extension ScopedStore {
    /// The houses of a grid in scope, in address order, each with how many registered people live there.
    public func houses(inGrid grid: RegionCode, limit: Int = 5000) async throws -> [HouseView] {
        try requireRegistryReader()
        try requireInScope(grid)
        let county = grid.countyCode
        let matcher = try await store.addressMatcher(county: county)
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT h.address_code, h.use_code, h.owner_masked, h.area, h.tenants, h.tenant_limit, h.hazard_level,
                    (SELECT COUNT(*) FROM people p WHERE p.county_code = h.county_code AND p.address_code = h.address_code)
                FROM houses h WHERE h.county_code = ? AND h.grid_code = ? ORDER BY h.address_code LIMIT ?
                """, [.text(county), .text(grid.digits), .integer(Int64(max(1, min(limit, 5000))))])
        }
        return try rows.compactMap { row -> HouseView? in
            let code = try row.text(0)
            guard let address = matcher.address(code: code), let use = HouseUse(rawValue: try row.text(1)) else {
                return nil
            }
            return HouseView(
                addressCode: code, address: matcher.path(of: address), grid: grid, use: use,
                maskedOwner: try row.optionalText(2), area: try row.optionalReal(3),
                tenants: try row.optionalInteger(4).map(Int.init),
                tenantLimit: try row.optionalInteger(5).map(Int.init),
                hazard: try row.optionalText(6).flatMap(HazardLevel.init(rawValue:)), residents: Int(try row.integer(7))
            )
        }.sorted { $0.address.localizedStandardCompare($1.address) == .orderedAscending }
    }

    /// The people registered at a house (a standard address) in scope.
    public func people(atAddress code: String, county: String) async throws -> [PersonView] {
        try requireRegistryReader()
        let rows = try await store.database.read { db in
            try db.query(
                "SELECT \(Self.personColumns) FROM people WHERE county_code = ? AND address_code = ? ORDER BY name LIMIT 200",
                [.text(county), .text(code)])
        }
        return try rows.map(Self.personView).filter { caller.scope.contains($0.grid) }
    }

    /// The organisations of a grid in scope, by name.
    public func organisations(inGrid grid: RegionCode, limit: Int = 5000) async throws -> [OrganisationView] {
        try requireRegistryReader()
        try requireInScope(grid)
        return try await store.database.read { db in
            try db.query(
                """
                SELECT credit_code, name, type, address, grid_code, phone_masked, legal_representative, flags
                FROM organisations WHERE county_code = ? AND grid_code = ? ORDER BY name LIMIT ?
                """,
                [.text(grid.countyCode), .text(grid.digits), .integer(Int64(max(1, min(limit, 5000))))]
            ).map { row in
                let flags = (try? JSONValue.parse(try row.text(7)))?.arrayValue?.compactMap(\.stringValue) ?? []
                return OrganisationView(
                    creditCode: try row.text(0), name: try row.text(1), type: try row.optionalText(2),
                    address: try row.optionalText(3), grid: grid, maskedPhone: try row.optionalText(5),
                    legalRepresentative: try row.optionalText(6), flags: flags)
            }
        }
    }
}

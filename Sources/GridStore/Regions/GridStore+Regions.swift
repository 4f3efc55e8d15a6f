import GridCore

/// What a divisions import did.
public struct DivisionsImportSummary: Sendable, Equatable {
    public var rows: Int
    public var inserted: Int
    public var updated: Int
    /// Journal chains written (one entry each): the counties touched, and the territory chain for provinces and cities.
    public var chains: Int

    public init(rows: Int, inserted: Int, updated: Int, chains: Int) {
        self.rows = rows
        self.inserted = inserted
        self.updated = updated
        self.chains = chains
    }
}

extension GridStore {
    /// Imports a divisions file (see ``DivisionsFile``) in one transaction: every bad row is reported
    /// with its line and reason and nothing is written; a good file inserts new nodes and updates
    /// known ones in place. The journal gets one entry per county chain touched, naming the rows'
    /// count and the SHA-256 of their content, rather than 600,000 single entries.
    public func importDivisions(utf8 bytes: [UInt8], source: String, by caller: Caller) async throws
        -> DivisionsImportSummary
    {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("importing divisions (needs a territory-wide admin)")
        }
        let existing = try await database.read { db in
            var levels: [String: RegionLevel] = [:]
            for row in try db.query("SELECT code, level FROM regions", []) {
                levels[try row.text(0)] = RegionLevel(rawValue: Int(try row.integer(1)))
            }
            return levels
        }
        let file = try DivisionsFile(utf8: bytes, existingLevel: { existing[$0.digits] })
        let regions = file.rows.map(\.region)
        let inserted = regions.reduce(0) { $0 + (existing[$1.code.digits] == nil ? 1 : 0) }

        var byChain: [String: [Region]] = [:]
        for region in regions { byChain[Self.chain(of: region.code), default: []].append(region) }
        let at = now.epochMilliseconds
        let changes = byChain.keys.sorted().map { chain -> JournalChange in
            let rows = byChain[chain] ?? []
            let content = rows.map {
                "\($0.code.digits)|\($0.name)|\($0.level.rawValue)|\($0.parentCode?.digits ?? "")"
            }.joined(separator: "\n")
            let added = rows.reduce(0) { $0 + (existing[$1.code.digits] == nil ? 1 : 0) }
            return JournalChange(
                chain: chain, actor: caller.actor, action: "divisions.import", entity: "regions", entityID: source,
                after: [
                    "rows": .number(Double(rows.count)), "inserted": .number(Double(added)),
                    "updated": .number(Double(rows.count - added)), "sha256": .string(Journal.sha256Hex(content)),
                ])
        }
        try await database.write { db in
            try RegionQueries.upsertDivisions(regions, at: at, on: db)
            for change in changes { try Journal.append(change, at: at, on: db) }
        }
        return DivisionsImportSummary(
            rows: regions.count, inserted: inserted, updated: regions.count - inserted, chains: changes.count)
    }

    /// Saves whole regions (boundaries included) with one journal entry each, in one transaction.
    /// Parents must exist already or come earlier in `regions`.
    public func saveRegions(_ regions: [Region], by caller: Caller) async throws {
        for region in regions where !caller.scope.contains(region.code) || caller.role != .admin {
            throw StoreError.outOfScope("region \(region.code)")
        }
        let at = now.epochMilliseconds
        let touchesGrids = regions.contains { $0.level == .grid }
        try await database.write { db in
            var known: Set<String> = []
            for region in regions {
                if let parent = region.parentCode, !known.contains(parent.digits) {
                    guard let stored = try RegionQueries.find(parent, on: db) else {
                        throw StoreError.invalid(
                            field: "parent_code", reason: "unknown parent \(parent) of \(region.code)")
                    }
                    guard stored.level < region.level, parent.contains(region.code) else {
                        throw StoreError.invalid(
                            field: "parent_code",
                            reason:
                                "\(parent) cannot hold \(region.code): a parent is of a higher level and its code begins the child's"
                        )
                    }
                    // An admin of part of the territory may not draw a region reaching beyond its
                    // parent, or reports elsewhere would be located into their scope.
                    if caller.scope != .territory, let outer = stored.boundary?.boundingBox,
                        let inner = region.boundary?.boundingBox,
                        inner.minLat < outer.minLat || inner.maxLat > outer.maxLat || inner.minLng < outer.minLng
                            || inner.maxLng > outer.maxLng
                    {
                        throw StoreError.invalid(field: "boundary", reason: "reaches outside its parent \(parent)")
                    }
                } else if region.parentCode == nil, region.level != .province {
                    throw StoreError.invalid(field: "parent_code", reason: "only a province may have no parent")
                }
                known.insert(region.code.digits)
            }
            let before = try Dictionary(
                regions.compactMap { region in
                    try RegionQueries.find(region.code, on: db).map { (region.code.digits, $0) }
                }, uniquingKeysWith: { first, _ in first })
            try RegionQueries.upsert(regions, at: at, on: db)
            for region in regions {
                try Journal.append(
                    JournalChange(
                        chain: Self.chain(of: region.code), actor: caller.actor,
                        action: before[region.code.digits] == nil ? "region.add" : "region.update",
                        entity: "region", entityID: region.code.digits,
                        before: before[region.code.digits].map(Self.journalImage) ?? .null,
                        after: Self.journalImage(region)), at: at, on: db)
            }
        }
        if touchesGrids { locator.invalidate() }
    }

    /// The chain a region's changes go to: its county's, or the territory's above county level.
    static func chain(of code: RegionCode) -> String {
        code.level >= .county ? code.countyCode : JournalEntry.territoryChain
    }

    /// A region as the journal records it: the boundary by its hash, to keep entries small.
    static func journalImage(_ region: Region) -> JSONValue {
        [
            "code": .string(region.code.digits), "name": .string(region.name),
            "level": .number(Double(region.level.rawValue)),
            "parent_code": JSONValue(region.parentCode?.digits),
            "boundary_sha256": JSONValue(region.boundary.map { Journal.sha256Hex(GeoJSON.geometry($0).canonicalText) }),
        ]
    }
}

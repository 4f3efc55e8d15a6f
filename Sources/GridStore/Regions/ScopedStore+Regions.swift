import GridCore

/// A node with its children, as the tree is browsed.
public struct RegionNode: Sendable, Hashable {
    /// `nil` for the whole territory, whose children are the top-level regions.
    public var region: Region?
    public var children: [Region]
}

extension ScopedStore {
    /// The top of the caller's scope with its children.
    public func topRegion(childBoundaries: Bool = false) async throws -> RegionNode {
        guard let top = caller.scope.topRegion else {
            let roots = try await store.database.read { db in try RegionQueries.roots(on: db) }
            return RegionNode(region: nil, children: roots)
        }
        return try await region(top, childBoundaries: childBoundaries)
    }

    /// One node with its children (and their boundaries, for drawing a map, when asked);
    /// refused when the node lies outside the caller's scope.
    public func region(_ code: RegionCode, childBoundaries: Bool = false) async throws -> RegionNode {
        try requireInScope(code)
        return try await store.database.read { db in
            guard let region = try RegionQueries.find(code, on: db) else { throw StoreError.notFound("region \(code)") }
            return RegionNode(
                region: region, children: try RegionQueries.children(of: code, withBoundaries: childBoundaries, on: db))
        }
    }

    /// The names of regions and departments by code, for labelling what the caller already sees
    /// (a queue's grids, a case's handling unit). Codes that name nothing are left out.
    public func names(of codes: Set<String>) async throws -> [String: String] {
        let regionCodes = codes.compactMap { try? RegionCode($0) }
        let departmentCodes = codes.compactMap { try? DepartmentCode($0) }
        guard !regionCodes.isEmpty || !departmentCodes.isEmpty else { return [:] }
        let labels = RegionQueries.table.only(["code", "name"])
        return try await store.database.read { db in
            var names: [String: String] = [:]
            for (county, group) in Dictionary(grouping: regionCodes, by: \.countyCode) {
                for start in stride(from: 0, to: group.count, by: 200) {
                    let chunk = group[start..<min(start + 200, group.count)]
                    let rows = try db.query(
                        "SELECT \(labels.selectList) FROM regions WHERE county_code = ? AND code IN ("
                            + chunk.map { _ in "?" }.joined(separator: ",") + ")",
                        [.text(county)] + chunk.map { .text($0.digits) })
                    for row in rows.map({ labels.row($0) }) { names[try row.text("code")] = try row.text("name") }
                }
            }
            for code in departmentCodes {
                if let row = try db.queryOne(
                    "SELECT name FROM departments WHERE county_code = ? AND code = ?",
                    [.text(code.countyCode), .text(code.text)])
                {
                    names[code.text] = try row.text(0)
                }
            }
            return names
        }
    }

    /// Regions of the caller's scope whose name contains `text`.
    public func searchRegions(name text: String, limit: Int = 50) async throws -> [Region] {
        let range = caller.scope.regionRange
        return try await store.database.read { db in try RegionQueries.search(text, in: range, limit: limit, on: db) }
    }

    /// The grid containing `point` (WGS-84). A point in no grid is `notFound`; a point in a grid
    /// outside the caller's scope is refused.
    public func locate(_ point: GeoPoint) async throws -> Region {
        guard let code = try await store.locator.index().locate(point) else {
            throw StoreError.notFound("a grid at \(point.lat),\(point.lng)")
        }
        try requireInScope(code)
        return try await store.database.read { db in
            guard let region = try RegionQueries.find(code, on: db) else { throw StoreError.notFound("region \(code)") }
            return region
        }
    }

    /// Adds or changes one region (an admin drawing a grid, say); journaled.
    public func saveRegion(_ region: Region) async throws {
        try requireRegionEditor(region.code)
        try await store.saveRegions([region], by: caller)
    }

    /// Refuses a caller who may not change `code` (admins within their scope may), so a route can
    /// refuse before it reads what would be saved.
    public func requireRegionEditor(_ code: RegionCode) throws(StoreError) {
        try requireInScope(code)
        guard caller.role == .admin else { throw StoreError.outOfScope("changing regions (admins only)") }
    }

    func requireInScope(_ code: RegionCode) throws(StoreError) {
        guard caller.scope.contains(code) else { throw .outOfScope("region \(code)") }
    }
}

import GridCore

/// An open case as the map draws it: where, what, and its time light.
public struct MapCase: Sendable, Hashable {
    public var number: String
    public var point: GeoPoint
    public var category: String
    public var light: TimeLimitStatus
}

extension ScopedStore {
    /// The located open cases within the caller's scope (narrowed to `region`), for the map's case
    /// layer; at most `limit`, newest first, `truncated` when there were more. The light is read
    /// from the stored warning and due times, so a county's layer costs one indexed read.
    public func mapCases(within region: RegionCode?, limit: Int = 20_000) async throws -> (
        cases: [MapCase], truncated: Bool
    ) {
        let (filter, arguments) = try scopeFilter(within: region)
        let now = store.now.epochMilliseconds
        let bounded = max(1, min(limit, 50_000))
        let sql =
            "SELECT number, lat, lng, category, due_at, warn_at FROM cases"
            + " WHERE state IN (\(CaseQueries.openStatesSQL)) AND lat IS NOT NULL\(filter) LIMIT ?"
        let rows = try await store.database.read { db in
            try db.query(sql, arguments + [.integer(Int64(bounded + 1))])
        }
        var cases: [MapCase] = []
        cases.reserveCapacity(min(rows.count, bounded))
        for row in rows.prefix(bounded) {
            let due = try row.optionalInteger(4)
            let warn = try row.optionalInteger(5)
            let light: TimeLimitStatus =
                if let due, due <= now { .red } else if let warn, warn <= now { .yellow } else { .normal }
            guard let lat = try row.optionalReal(1), let lng = try row.optionalReal(2) else { continue }
            cases.append(
                MapCase(
                    number: try row.text(0), point: GeoPoint(lat: lat, lng: lng), category: try row.text(3),
                    light: light))
        }
        return (cases, rows.count > bounded)
    }
}

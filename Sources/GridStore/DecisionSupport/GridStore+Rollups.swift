import GridCore

/// A counter whose live value differs from what the cases' history says it should be.
public struct RollupDifference: Sendable, Hashable, CustomStringConvertible {
    public var county: String
    public var node: String
    public var day: String
    public var category: String
    public var channel: String
    public var measure: String
    public var live: Int64
    public var rebuilt: Int64

    public var description: String {
        "\(county) \(node) \(day) \(category) \(channel) \(measure): live \(live), from the history \(rebuilt)"
    }
}

/// What a rebuild or a check went through.
public struct RollupRebuild: Sendable, Hashable {
    public var counties = 0
    /// Counted steps read from the history.
    public var steps = 0
    /// Counters the history gives.
    public var counters = 0
    /// Live counters that differed from them (before a rebuild rewrote them).
    public var differences: [RollupDifference] = []
}

extension GridStore {
    /// Recomputes every rollup counter of `county` (every county when `nil`) from the cases and
    /// their history and, unless `checkOnly`, rewrites them. Writers wait meanwhile (the work runs in
    /// one write transaction, the table locked on PostgreSQL), so the live counters cannot move
    /// between the reading and the comparison.
    public func rebuildRollups(county: String? = nil, checkOnly: Bool = false) async throws -> RollupRebuild {
        let counties: [String]
        if let county {
            counties = [county]
        } else {
            counties = try await database.read { db in
                try db.query("SELECT DISTINCT county_code FROM cases ORDER BY county_code", []).map { try $0.text(0) }
            }
        }
        var total = RollupRebuild()
        for county in counties {
            let one = try await database.write { db in
                try Self.rebuildRollups(county: county, checkOnly: checkOnly, on: db)
            }
            total.counties += 1
            total.steps += one.steps
            total.counters += one.counters
            total.differences += one.differences
        }
        return total
    }

    /// After the migration that brought rollups, fills them from the history already there.
    func rebuildRollupsAfterMigration(applied: [Int]) async throws {
        guard applied.contains(Migrations.rollups.version) else { return }
        _ = try await rebuildRollups()
    }

    private static func rebuildRollups(county: String, checkOnly: Bool, on db: any SQLConnection) throws
        -> RollupRebuild
    {
        if db.dialect == .postgres { try db.execute("LOCK TABLE case_rollups IN EXCLUSIVE MODE", []) }
        var result = RollupRebuild()
        var expected: [CaseRollupKey: Int64] = [:]
        // Keyset pages over the history's key, so memory holds the counters and one page.
        var after = (caseID: "", sequence: Int64(0))
        let page = 20_000
        while true {
            let rows = try db.query(
                """
                SELECT h.case_id, h.seq, h.at_ms, h.measure, h.counted_unit, c.region_code, c.category, c.channel
                FROM case_history h JOIN cases c ON c.county_code = h.county_code AND c.id = h.case_id
                WHERE h.county_code = ? AND (h.case_id > ? OR (h.case_id = ? AND h.seq > ?))
                ORDER BY h.case_id, h.seq LIMIT \(page)
                """, [.text(county), .text(after.caseID), .text(after.caseID), .integer(after.sequence)])
            for row in rows {
                after = (try row.text(0), try row.integer(1))
                guard let measure = try row.optionalText(3) else { continue }
                let step = CountedStep(
                    county: county, region: try RegionCode(checking: try row.text(5)), category: try row.text(6),
                    channel: try row.text(7), atMilliseconds: try row.integer(2), measure: measure,
                    unit: try row.optionalText(4))
                result.steps += 1
                for key in step.keys() { expected[key, default: 0] += 1 }
            }
            if rows.count < page { break }
        }
        result.counters = expected.count
        var live: [CaseRollupKey: Int64] = [:]
        for row in try db.query(
            "SELECT node, day, category, channel, measure, count FROM case_rollups WHERE county_code = ? AND count <> 0",
            [.text(county)])
        {
            let key = CaseRollupKey(
                county: county, node: try row.text(0), day: try row.text(1), category: try row.text(2),
                channel: try row.text(3), measure: try row.text(4))
            live[key] = try row.integer(5)
        }
        for key in Set(expected.keys).union(live.keys).sorted() where expected[key, default: 0] != live[key, default: 0]
        {
            result.differences.append(
                RollupDifference(
                    county: county, node: key.node, day: key.day, category: key.category, channel: key.channel,
                    measure: key.measure, live: live[key, default: 0], rebuilt: expected[key, default: 0]))
        }
        guard !checkOnly, !result.differences.isEmpty else { return result }
        try db.execute("DELETE FROM case_rollups WHERE county_code = ?", [.text(county)])
        try db.insertMany(
            into: "case_rollups", columns: ["county_code", "node", "day", "category", "channel", "measure", "count"],
            rows: expected.sorted { $0.key < $1.key }.map { $0.key.values + [.integer($0.value)] }, chunk: 100)
        return result
    }
}

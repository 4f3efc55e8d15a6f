import Foundation
import GridCore

/// One decision-support counter (`case_rollups`): how many steps of one measure happened on one day
/// to cases of one category (empty at grids and communities) and channel, at one node — the case's
/// grid, community, township or county, or the unit that held it (``CaseRollupKey/unitNode(_:)``).
///
/// Every counted step advances the counters of its nodes in its own transaction, so a county's or a
/// province's figures cost a few hundred rows to read, however many cases lie behind them.
struct CaseRollupKey: Hashable, Comparable, Sendable {
    var county: String
    var node: String
    var day: String
    var category: String
    var channel: String
    var measure: String

    /// The node a handling unit's counters are kept under, beside the region nodes.
    static func unitNode(_ unit: String) -> String { "unit:" + unit }

    static func < (a: CaseRollupKey, b: CaseRollupKey) -> Bool {
        (a.county, a.node, a.day, a.category, a.channel, a.measure)
            < (b.county, b.node, b.day, b.category, b.channel, b.measure)
    }

    var values: [SQLValue] {
        [.text(county), .text(node), .text(day), .text(category), .text(channel), .text(measure)]
    }
}

/// A rollup counter as a shared row whose write-back adds: the transaction never reads it, only
/// adds what its steps counted (an upsert), so concurrent batches never wait on a read and a batch
/// written from a prediction needs nothing verified. The value is the transaction's own delta.
enum CaseRollupRow: SharedRow {
    static func lockingRead(_ key: CaseRollupKey, on db: any SQLConnection) throws -> Int64 { 0 }

    static func write(_ delta: Int64, of key: CaseRollupKey) -> SQLStatement? {
        SQLStatement(
            """
            INSERT INTO case_rollups (county_code, node, day, category, channel, measure, count)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (county_code, node, day, category, channel, measure)
            DO UPDATE SET count = case_rollups.count + excluded.count
            """, key.values + [.integer(delta)])
    }

    /// One upsert for many counters, 16 rows a statement (few distinct texts for SQLite's cache).
    static func writeMany(_ rows: [(key: CaseRollupKey, value: Int64)]) -> [SQLStatement]? {
        SQLStatement.inserts(
            into: "case_rollups", columns: ["county_code", "node", "day", "category", "channel", "measure", "count"],
            rows: rows.map { $0.key.values + [.integer($0.value)] },
            onConflict: """
                ON CONFLICT (county_code, node, day, category, channel, measure)
                DO UPDATE SET count = case_rollups.count + excluded.count
                """, chunk: 16)
    }

    static func advance(_ key: CaseRollupKey, from expected: Int64, to delta: Int64) -> SQLStatement? {
        write(delta, of: key)
    }

    static var carriesOver: Bool { false }
}

/// One counted step as the rollups see it: enough to find its counters.
struct CountedStep: Sendable {
    var county: String
    var region: RegionCode
    var category: String
    var channel: String
    var atMilliseconds: Int64
    var measure: String
    var unit: String?

    var day: String { WorkingCalendar.local(Date(epochMilliseconds: atMilliseconds)).0.description }

    /// Grids and communities keep no category: a county's thousand grids would otherwise hold about
    /// one counter per step, more rows than the history. Their figures by category come from the
    /// cases (a grid's are few); townships, counties and units keep it.
    func keys(regionNodesOnly: Bool = false) -> [CaseRollupKey] {
        let day = self.day
        var keys: [CaseRollupKey] = []
        for node in region.chain(upTo: .county) {
            keys.append(
                CaseRollupKey(
                    county: county, node: node.digits, day: day,
                    category: node.level >= .village ? "" : category, channel: channel, measure: measure))
        }
        if !regionNodesOnly, let unit {
            keys.append(
                CaseRollupKey(
                    county: county, node: CaseRollupKey.unitNode(unit), day: day, category: category, channel: channel,
                    measure: measure))
        }
        return keys
    }
}

enum CaseRollups {
    /// Counts a step in the transaction writing it.
    static func count(_ step: CountedStep, by delta: Int64 = 1, regionNodesOnly: Bool = false, on db: any SQLConnection)
        throws
    {
        for key in step.keys(regionNodesOnly: regionNodesOnly) {
            try db.advance(CaseRollupRow.self, key) { $0 += delta }
        }
    }

    /// A case placed on the map (定位) moves to another grid: the steps it has counted move with it,
    /// so every figure speaks of where the case is (its unit's counters stay where they are).
    static func move(_ record: CaseRecord, from old: RegionCode, on db: any SQLConnection) throws {
        let rows = try db.query(
            "SELECT at_ms, measure FROM case_history WHERE county_code = ? AND case_id = ? AND measure IS NOT NULL",
            [.text(record.countyCode), .text(record.id)])
        for row in rows {
            var step = CountedStep(
                county: record.countyCode, region: old, category: record.category, channel: record.channel.rawValue,
                atMilliseconds: try row.integer(0), measure: try row.text(1))
            try count(step, by: -1, regionNodesOnly: true, on: db)
            step.region = record.regionCode
            try count(step, regionNodesOnly: true, on: db)
        }
    }

    /// Whether an earlier step of the case was done late (a close is then not 按期).
    static func everLate(_ record: CaseRecord, on db: any SQLConnection) throws -> Bool {
        try db.queryOne(
            "SELECT 1 FROM case_history WHERE county_code = ? AND case_id = ? AND measure LIKE '%.late%' LIMIT 1",
            [.text(record.countyCode), .text(record.id)]) != nil
    }
}

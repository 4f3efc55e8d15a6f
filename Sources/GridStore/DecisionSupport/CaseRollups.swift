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

    /// Once added, nothing is left to add.
    static func settled(_ delta: Int64) -> Int64 { 0 }
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

    /// The counters a step advances. Only reports keep their category, and only at townships,
    /// counties and units (what the category bars and the surge warnings read); every other count is
    /// by channel and measure, so a county's day is a few hundred counters however busy it is, and a
    /// grid's about one a step (a grid's figures by category come from its cases). Townships,
    /// counties and units also keep a month's counter (``CaseRollupBuckets/month(_:)``), so a
    /// month's figures are one counter per measure.
    func keys(regionNodesOnly: Bool = false) -> [CaseRollupKey] {
        let day = WorkingCalendar.local(Date(epochMilliseconds: atMilliseconds)).0
        let dayText = day.description
        let month = CaseRollupBuckets.month(day)
        // A report is never late nor qualified: its measure is the bare action.
        let isReport = measure == "report"
        var keys: [CaseRollupKey] = []
        func add(_ node: String, months: Bool, categorised: Bool) {
            let kept = categorised && isReport ? category : ""
            keys.append(
                CaseRollupKey(
                    county: county, node: node, day: dayText, category: kept, channel: channel, measure: measure))
            if months {
                keys.append(
                    CaseRollupKey(
                        county: county, node: node, day: month, category: kept, channel: channel, measure: measure))
            }
        }
        for node in region.chain(upTo: .county) {
            let upper = node.level <= .township
            add(node.digits, months: upper, categorised: upper)
        }
        if !regionNodesOnly, let unit { add(CaseRollupKey.unitNode(unit), months: true, categorised: true) }
        return keys
    }
}

/// The time buckets of the counters: a day (`2026-11-23`), or for townships, counties and units a
/// month too (`M2026-11`, which sorts after every day, so a range of days never takes it in).
enum CaseRollupBuckets {
    static func month(_ day: CalendarDay) -> String {
        let (year, month, _) = day.components
        return "M\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// How to read a period from nodes that keep months: the months it covers whole (or up to
    /// `today`, after which nothing is counted yet), and the days left over, as at most two ranges.
    /// A condition on `day` that reads `period` once: for nodes that keep months, whole months
    /// from their month counters and the rest from days; for the others, days.
    static func filter(_ period: AssessmentPeriod, today: CalendarDay, months keepsMonths: Bool) -> (
        sql: String, arguments: [SQLValue]
    ) {
        guard keepsMonths else {
            return ("day >= ? AND day <= ?", [.text(period.from.description), .text(period.to.description)])
        }
        let (months, days) = split(period, today: today)
        var parts: [String] = []
        var arguments: [SQLValue] = []
        if !months.isEmpty {
            parts.append("day IN (" + months.map { _ in "?" }.joined(separator: ",") + ")")
            arguments += months.map { .text($0) }
        }
        for range in days {
            parts.append("(day >= ? AND day <= ?)")
            arguments += [
                .text(CalendarDay(index: range.lowerBound).description),
                .text(CalendarDay(index: range.upperBound).description),
            ]
        }
        return ("(" + parts.joined(separator: " OR ") + ")", arguments)
    }

    /// Whether a node keeps month counters: townships, counties and units.
    static func keepsMonths(_ node: String) -> Bool {
        node.hasPrefix("unit:") || ((try? RegionCode(node))?.level ?? .grid) <= .township
    }

    static func split(_ period: AssessmentPeriod, today: CalendarDay) -> (months: [String], days: [ClosedRange<Int>]) {
        var months: [String] = []
        var days: [ClosedRange<Int>] = []
        var index = period.from.index
        while index <= period.to.index {
            let day = CalendarDay(index: index)
            let (year, month, _) = day.components
            let first = CalendarDay(year: year, month: month, day: 1) ?? day
            let next = CalendarDay(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            let last = CalendarDay(index: (next?.index ?? index + 1) - 1)
            let end = min(last.index, period.to.index)
            if index == first.index, end >= min(last.index, today.index) {
                months.append(Self.month(day))
            } else if let previous = days.last, previous.upperBound == index - 1 {
                days[days.count - 1] = previous.lowerBound...end
            } else {
                days.append(index...end)
            }
            index = end + 1
        }
        return (months, days)
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

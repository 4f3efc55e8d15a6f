import Foundation
import GridCore

/// A warning raised by the decision-support sweeps: a surge of a category in an area (智能预警) or
/// a grid or community whose problems reach the platform from outside its patrols (隐瞒不报).
public struct DecisionWarning: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case surge, concealment
    }

    public var county: String
    public var id: String
    public var kind: Kind
    /// The township or county (surge), the grid or community (concealment).
    public var node: RegionCode
    /// The category of a surge; empty for concealment.
    public var category: String
    /// The last day of the window the figures cover.
    public var day: CalendarDay
    public var observed: Int
    public var expected: Double
    public var p: Double
    /// Everything that raised it (window, baseline, reports, norm), as journaled.
    public var figures: JSONValue
    public var raisedAt: Int64
    public var acknowledgedBy: String?
    public var acknowledgedAt: Int64?
    public var note: String?
}

/// How the sweeps decide (``GridStore/raiseWarnings()``).
public enum WarningRules {
    /// Days of the recent window (complete days, ending yesterday) and of the baseline before it.
    public static let surgeWindowDays = 3
    public static let surgeBaselineDays = 56
    /// A surge needs at least this many cases in the window.
    public static let surgeMinimumCount = 5
    /// False-discovery rate across a county's tests of a day.
    public static let surgeFalseDiscoveryRate = 0.01
    public static let concealmentDays = 90
    public static let concealmentMinimumReports = 10
    public static let concealmentFalseDiscoveryRate = 0.05
}

extension GridStore {
    /// Runs both sweeps for the day before today in every county: surges of each category in each
    /// township and county, concealment risk of each grid and community. A warning is raised once
    /// (per kind, node, category and day), journaled with its figures; returns the new ones.
    @discardableResult
    public func raiseWarnings() async throws -> [DecisionWarning] {
        let today = WorkingCalendar.local(now.now).0
        let calendar = self.calendar
        let at = now.epochMilliseconds
        let counties = try await database.read { db in
            try db.query(
                "SELECT code FROM regions WHERE level = ? ORDER BY code", [.integer(Int64(RegionLevel.county.rawValue))]
            )
            .map { String(try $0.text(0).prefix(6)) }
        }
        var raised: [DecisionWarning] = []
        for county in counties {
            let candidates =
                try await database.read { db in
                    try Self.surges(county: county, today: today, calendar: calendar, on: db)
                        + Self.concealment(county: county, today: today, on: db)
                }
            guard !candidates.isEmpty else { continue }
            raised += try await database.write { db in
                var written: [DecisionWarning] = []
                for var warning in candidates {
                    warning.raisedAt = at
                    let inserted = try db.query(
                        """
                        INSERT INTO warnings (county_code, id, kind, node, category, day, observed, expected, p, figures,
                            raised_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (county_code, kind, node, category, day) DO NOTHING RETURNING id
                        """,
                        [
                            .text(county), .text(warning.id), .text(warning.kind.rawValue), .text(warning.node.digits),
                            .text(warning.category), .text(warning.day.description), .integer(Int64(warning.observed)),
                            .real(warning.expected), .real(warning.p), .text(warning.figures.canonicalText),
                            .integer(at),
                        ])
                    guard !inserted.isEmpty else { continue }
                    try Journal.append(
                        JournalChange(
                            chain: county, actor: "system", action: "warning.\(warning.kind.rawValue)",
                            entity: "warning", entityID: warning.id, after: warning.figures), at: at, on: db)
                    written.append(warning)
                }
                return written
            }
        }
        return raised
    }

    /// Surges of the county and its townships over the window ending yesterday.
    static func surges(county: String, today: CalendarDay, calendar: WorkingCalendar, on db: any SQLConnection) throws
        -> [DecisionWarning]
    {
        let windowEnd = CalendarDay(index: today.index - 1)
        let windowStart = CalendarDay(index: windowEnd.index - WarningRules.surgeWindowDays + 1)
        let baselineStart = CalendarDay(index: windowStart.index - WarningRules.surgeBaselineDays)
        let nodes = try db.query(
            "SELECT code FROM regions WHERE county_code = ? AND level IN (?, ?)",
            [
                .text(county), .integer(Int64(RegionLevel.county.rawValue)),
                .integer(Int64(RegionLevel.township.rawValue)),
            ]
        ).map { try $0.text(0) }
        guard !nodes.isEmpty else { return [] }
        var series: [String: [Int: Int]] = [:]  // "node|category" → day index → reports
        let rows = try db.query(
            """
            SELECT node, category, day, CAST(SUM(count) AS BIGINT) FROM case_rollups
            WHERE county_code = ? AND node IN (\(nodes.map { _ in "?" }.joined(separator: ",")))
              AND day >= ? AND day <= ? AND measure = 'report'
            GROUP BY node, category, day
            """,
            [.text(county)] + nodes.map { .text($0) } + [
                .text(baselineStart.description), .text(windowEnd.description),
            ])
        for row in rows {
            guard let day = CalendarDay(try row.text(2)) else { continue }
            series["\(try row.text(0))|\(try row.text(1))", default: [:]][day.index, default: 0] += Int(
                try row.integer(3))
        }
        func days(_ from: CalendarDay, _ to: CalendarDay, _ counts: [Int: Int]) -> [SurgeTest.Day] {
            (from.index...to.index).map { index in
                let day = CalendarDay(index: index)
                return SurgeTest.Day(day: day, count: counts[index] ?? 0, working: calendar.isWorkingDay(day))
            }
        }
        var tests: [(key: String, result: SurgeTest.Result)] = []
        for (key, counts) in series.sorted(by: { $0.key < $1.key }) {
            let window = days(windowStart, windowEnd, counts)
            let baseline = days(baselineStart, CalendarDay(index: windowStart.index - 1), counts)
            guard let result = SurgeTest.evaluate(window: window, baseline: baseline) else { continue }
            tests.append((key, result))
        }
        let significant = Hotspots.significant(tests.map(\.result.p), fdr: WarningRules.surgeFalseDiscoveryRate)
        var warnings: [DecisionWarning] = []
        for (index, test) in tests.enumerated()
        where significant[index] && test.result.observed >= WarningRules.surgeMinimumCount
            && Double(test.result.observed) > test.result.expected
        {
            let parts = test.key.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let node = try? RegionCode(parts[0]) else { continue }
            let figures: JSONValue = [
                "test": "poisson_exceedance", "window_from": .string(windowStart.description),
                "window_to": .string(windowEnd.description), "baseline_from": .string(baselineStart.description),
                "observed": .number(Double(test.result.observed)), "expected": .number(test.result.expected),
                "p": .number(test.result.p), "tests": .number(Double(tests.count)),
                "false_discovery_rate": .number(WarningRules.surgeFalseDiscoveryRate),
            ]
            warnings.append(
                DecisionWarning(
                    county: county, id: "surge-\(windowEnd)-\(node.digits)-\(parts[1])", kind: .surge, node: node,
                    category: parts[1], day: windowEnd, observed: test.result.observed, expected: test.result.expected,
                    p: test.result.p, figures: figures, raisedAt: 0))
        }
        return warnings
    }

    /// Grids and communities of the county whose reports come from outside their patrols far more
    /// than the county's, over the days ending yesterday.
    static func concealment(county: String, today: CalendarDay, on db: any SQLConnection) throws -> [DecisionWarning] {
        let end = CalendarDay(index: today.index - 1)
        let start = CalendarDay(index: end.index - WarningRules.concealmentDays + 1)
        let rows = try db.query(
            """
            SELECT node, channel, CAST(SUM(count) AS BIGINT) FROM case_rollups
            WHERE county_code = ? AND node NOT LIKE 'unit:%' AND day >= ? AND day <= ? AND measure = 'report'
            GROUP BY node, channel
            """, [.text(county), .text(start.description), .text(end.description)])
        var reports: [RegionCode: (outside: Int, all: Int)] = [:]
        let outside = Set(ConcealmentTest.outsideChannels.map(\.rawValue))
        for row in rows {
            guard let node = try? RegionCode(try row.text(0)), node.level >= .village,
                let channel = CaseChannel(rawValue: try row.text(1)),
                outside.contains(channel.rawValue) || channel == .patrol
            else { continue }
            let count = Int(try row.integer(2))
            var entry = reports[node, default: (0, 0)]
            entry.all += count
            if channel != .patrol { entry.outside += count }
            reports[node] = entry
        }
        // Each level is judged against its own level's share: a community's reports include those
        // placed only on it (an address without a grid), which no grid counts.
        var norms: [RegionLevel: Double] = [:]
        for level in Set(reports.keys.map(\.level)) {
            let entries = reports.filter { $0.key.level == level }.values
            let all = entries.reduce(0) { $0 + $1.all }
            if all > 0 { norms[level] = Double(entries.reduce(0) { $0 + $1.outside }) / Double(all) }
        }
        let judged = reports.filter { $0.value.all >= WarningRules.concealmentMinimumReports }.sorted {
            $0.key < $1.key
        }
        let results = judged.map {
            ConcealmentTest.evaluate(outside: $0.value.outside, reports: $0.value.all, norm: norms[$0.key.level] ?? 0)
        }
        let significant = Hotspots.significant(results.map(\.p), fdr: WarningRules.concealmentFalseDiscoveryRate)
        var warnings: [DecisionWarning] = []
        for (index, (node, _)) in judged.enumerated() where significant[index] {
            let result = results[index]
            let figures: JSONValue = [
                "test": "binomial", "from": .string(start.description), "to": .string(end.description),
                "outside": .number(Double(result.outside)), "reports": .number(Double(result.reports)),
                "norm": .number(result.norm), "p": .number(result.p), "tests": .number(Double(judged.count)),
                "false_discovery_rate": .number(WarningRules.concealmentFalseDiscoveryRate),
            ]
            warnings.append(
                DecisionWarning(
                    county: county, id: "concealment-\(end)-\(node.digits)", kind: .concealment, node: node,
                    category: "", day: end, observed: result.outside, expected: Double(result.reports) * result.norm,
                    p: result.p, figures: figures, raisedAt: 0))
        }
        return warnings
    }
}

extension ScopedStore {
    /// The warnings the caller may see, newest first: surges in its scope; concealment risks only of
    /// grids and communities strictly below the caller's own region, so a grid never sees itself
    /// accused — the level above looks into it.
    public func warnings(openOnly: Bool = false, limit: Int = 100) async throws -> [DecisionWarning] {
        try await warnings(openOnly: openOnly, limit: limit, only: nil)
    }

    /// The warnings the caller may see, or the one of them with `only`'s county and id.
    private func warnings(openOnly: Bool, limit: Int, only: (county: String, id: String)?) async throws
        -> [DecisionWarning]
    {
        guard [.admin, .auditor, .centre, .leader, .station, .gridleader].contains(caller.role) else {
            throw StoreError.outOfScope("warnings")
        }
        let range = caller.scope.regionRange
        let top = caller.scope.topRegion
        var sql = "SELECT \(Self.warningColumns) FROM warnings WHERE 1 = 1"
        var arguments: [SQLValue] = []
        if range.prefix.count >= 6 {
            sql += " AND county_code = ?"
            arguments.append(.text(String(range.prefix.prefix(6))))
        }
        if !range.prefix.isEmpty {
            sql += " AND node >= ? AND node < ?"
            arguments += [.text(range.lowerBound), .text(range.upperBound)]
        }
        if let only {
            sql += " AND county_code = ? AND id = ?"
            arguments += [.text(only.county), .text(only.id)]
        }
        if openOnly { sql += " AND acknowledged_at IS NULL" }
        sql += " ORDER BY raised_at DESC, id LIMIT \(max(1, min(limit, 500)))"
        let query = sql
        let values = arguments
        return try await store.database.read { db in
            try db.query(query, values).map(Self.decodeWarning)
        }.filter { warning in
            guard warning.kind == .concealment else { return true }
            guard let top else { return true }
            return warning.node != top && warning.node.level > top.level
        }
    }

    /// 签收预警: acknowledges an open warning with a note (1 to 500 characters), journaled.
    public func acknowledgeWarning(county: String, id: String, note: String) async throws -> DecisionWarning {
        guard [.admin, .centre, .leader, .station].contains(caller.role) else {
            throw StoreError.outOfScope("acknowledging warnings")
        }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(text.count) else {
            throw StoreError.invalid(field: "note", reason: "a note of 1 to 500 characters is required")
        }
        guard let warning = try await warnings(openOnly: false, limit: 1, only: (county, id)).first else {
            throw StoreError.notFound("warning \(id)")
        }
        guard warning.acknowledgedAt == nil else {
            throw StoreError.conflict("warning \(id) was acknowledged already")
        }
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        try await store.database.write { db in
            let changed = try db.query(
                """
                UPDATE warnings SET acknowledged_by = ?, acknowledged_at = ?, note = ?
                WHERE county_code = ? AND id = ? AND acknowledged_at IS NULL RETURNING id
                """, [.text(actor), .integer(at), .text(text), .text(county), .text(id)])
            guard !changed.isEmpty else { throw StoreError.conflict("warning \(id) was acknowledged already") }
            try Journal.append(
                JournalChange(
                    chain: county, actor: actor, action: "warning.acknowledge", entity: "warning", entityID: id,
                    after: ["note": .string(text)]), at: at, on: db)
        }
        var acknowledged = warning
        (acknowledged.acknowledgedBy, acknowledged.acknowledgedAt, acknowledged.note) = (actor, at, text)
        return acknowledged
    }

    static let warningColumns =
        "county_code, id, kind, node, category, day, observed, expected, p, figures, raised_at, acknowledged_by, acknowledged_at, note"

    static func decodeWarning(_ row: SQLRow) throws -> DecisionWarning {
        guard let kind = DecisionWarning.Kind(rawValue: try row.text(2)), let day = CalendarDay(try row.text(5)) else {
            throw StoreError.corrupt("warning \((try? row.text(1)) ?? "?") has an unknown kind or day")
        }
        return DecisionWarning(
            county: try row.text(0), id: try row.text(1), kind: kind, node: try RegionCode(checking: try row.text(3)),
            category: try row.text(4), day: day, observed: Int(try row.integer(6)),
            expected: try row.optionalReal(7) ?? 0,
            p: try row.optionalReal(8) ?? 1, figures: (try? JSONValue.parse(try row.text(9))) ?? .null,
            raisedAt: try row.integer(10),
            acknowledgedBy: try row.optionalText(11), acknowledgedAt: try row.optionalInteger(12),
            note: try row.optionalText(13))
    }
}

import Foundation
import GridCore

/// Filters of the case queue.
public struct CaseQuery: Sendable, Hashable {
    public var states: [CaseState] = []
    public var category: String?
    /// A subtree inside the caller's scope.
    public var region: RegionCode?
    /// Only cases past their step's due time.
    public var overdue = false
    public var channel: CaseChannel?
    /// A case number or phone, whole or its last digits, or words of the description or address
    /// (``CaseSearch``).
    public var text: String?
    public var reportedFromMilliseconds: Int64?
    public var reportedToMilliseconds: Int64?
    public var order = CaseOrder.newest
    /// From the previous page's `nextCursor` (newest first only).
    public var cursor: String?
    public var limit = 50
    /// Rows skipped before the page, for clients that page by number (Open311): one query
    /// whatever the page, bounded by ``maxOffset``.
    public var offset = 0

    /// The largest page.
    public static let maxLimit = 1000
    /// Paging by number reaches this far at most; beyond it, narrow the filters or use the cursor.
    public static let maxOffset = 10_000

    public init() {}
}

/// The order of a queue page.
public enum CaseOrder: String, Sendable, Hashable, CaseIterable {
    /// Newest report first; paged by cursor.
    case newest
    /// Soonest due first (the most overdue at the top), cases without a running clock last; paged
    /// by number (``CaseQuery/offset``).
    case dueFirst = "due"
}

public struct CasePage: Sendable, Hashable {
    public var cases: [(CaseRecord, TimeLimitStatus?)]
    /// For the next page newest first.
    public var nextCursor: String?
    /// Whether a page follows this one.
    public var hasMore = false

    public static func == (lhs: CasePage, rhs: CasePage) -> Bool {
        lhs.nextCursor == rhs.nextCursor && lhs.cases.map(\.0) == rhs.cases.map(\.0)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(cases.map(\.0))
        hasher.combine(nextCursor)
    }
}

extension ScopedStore {
    /// The caller's queue, newest first, bounded by scope: a region's subtree, a department's
    /// dispatched cases, or a resident's own reports.
    public func cases(_ query: CaseQuery) async throws -> CasePage {
        let (scopeSQL, scopeArguments) = try scopeFilter(pagedByTime: true)
        let text = try query.text.map { try TextRule(length: 0...200).checked($0, field: "q") }
        let search = text.flatMap(CaseSearch.init)
        var from = "cases"
        var joined = ""
        var arguments: [SQLValue] = []
        if case .tail(let digits) = search {
            // The matches first, by the tails' indexes, then the page among them (CROSS JOIN keeps
            // SQLite to that order): a planner left to itself walks the queue's time index through
            // a year of the county's cases looking for them.
            let (numberSQL, numberArguments) = Self.prefix(of: "number_tail", CaseSearch.tailKey(digits))
            let (phoneSQL, phoneArguments) = Self.prefix(of: "phone_tail", CaseSearch.tailKey(digits))
            from =
                "(SELECT county_code AS match_county, id AS match_id FROM cases WHERE \(numberSQL)"
                + " UNION SELECT county_code, id FROM cases WHERE \(phoneSQL)) AS matches"
                + " CROSS JOIN cases"
            joined = " AND cases.county_code = matches.match_county AND cases.id = matches.match_id"
            arguments += numberArguments + phoneArguments
        }
        var sql = "SELECT \(CaseQueries.columns) FROM \(from) WHERE 1 = 1" + joined + scopeSQL
        arguments += scopeArguments
        if let region = query.region {
            try requireInScope(region)
            let (regionSQL, regionArguments) = Self.region(region, pagedByTime: true)
            sql += regionSQL
            arguments += regionArguments
        }
        if !query.states.isEmpty {
            sql += " AND state IN (" + query.states.map { _ in "?" }.joined(separator: ",") + ")"
            arguments += query.states.map { .text($0.rawValue) }
        }
        if let category = query.category {
            // A top category's code matches its own below it (`HJ` → `HJ01`).
            sql += " AND (category = ? OR category LIKE ? ESCAPE '\\')"
            arguments += [.text(category), .text(Self.likeLiteral(category) + "%")]
        }
        if let channel = query.channel {
            sql += " AND channel = ?"
            arguments.append(.text(channel.rawValue))
        }
        if query.overdue {
            sql += " AND due_at < ?"
            arguments.append(.integer(store.now.epochMilliseconds))
        }
        if case .words(let words) = search {
            let pattern = SQLValue.text("%" + Self.likeLiteral(words) + "%")
            sql += " AND (description LIKE ? ESCAPE '\\' OR address LIKE ? ESCAPE '\\')"
            arguments += [pattern, pattern]
        }
        if let from = query.reportedFromMilliseconds {
            sql += " AND reported_at >= ?"
            arguments.append(.integer(from))
        }
        if let to = query.reportedToMilliseconds {
            sql += " AND reported_at < ?"
            arguments.append(.integer(to))
        }
        if let cursor = query.cursor, query.order == .newest {
            let parts = cursor.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let at = Int64(parts[0]) else {
                throw StoreError.invalid(field: "cursor", reason: "not a cursor from a previous page")
            }
            sql += " AND (reported_at < ? OR (reported_at = ? AND id < ?))"
            arguments += [.integer(at), .integer(at), .text(String(parts[1]))]
        }
        guard (1...CaseQuery.maxLimit).contains(query.limit) else {
            throw StoreError.invalid(field: "limit", reason: "must be 1 to \(CaseQuery.maxLimit)")
        }
        guard (0...CaseQuery.maxOffset).contains(query.offset) else {
            throw StoreError.invalid(field: "offset", reason: "must be 0 to \(CaseQuery.maxOffset)")
        }
        switch query.order {
        case .newest: sql += " ORDER BY reported_at DESC, id DESC LIMIT ? OFFSET ?"
        case .dueFirst: sql += " ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT ? OFFSET ?"
        }
        arguments += [.integer(Int64(query.limit + 1)), .integer(Int64(query.offset))]
        let finalSQL = sql
        let finalArguments = arguments
        var records = try await store.database.read { db in
            try db.query(finalSQL, finalArguments).map(CaseQueries.decode)
        }
        var next: String?
        let hasMore = records.count > query.limit
        if hasMore {
            records.removeLast()
            if query.order == .newest { next = records.last.map { "\($0.reportedAtMilliseconds)_\($0.id)" } }
        }
        return CasePage(cases: records.map { ($0, timeStatus($0)) }, nextCursor: next, hasMore: hasMore)
    }
}

extension ScopedStore {
    /// The cases changed since `milliseconds` within the caller's scope (narrowed to `region`),
    /// latest change first: what the centre's live feed opens with.
    public func recentChanges(within region: RegionCode?, since milliseconds: Int64, limit: Int = 30) async throws
        -> [(CaseRecord, TimeLimitStatus?)]
    {
        let (scopeSQL, scopeArguments) = try scopeFilter(within: region)
        let sql =
            "SELECT \(CaseQueries.columns) FROM cases WHERE updated_at >= ?" + scopeSQL
            + " ORDER BY updated_at DESC, id DESC LIMIT ?"
        let arguments = [.integer(milliseconds)] + scopeArguments + [.integer(Int64(max(1, min(limit, 200))))]
        let records = try await store.database.read { db in try db.query(sql, arguments).map(CaseQueries.decode) }
        return records.map { ($0, timeStatus($0)) }
    }
}

extension ScopedStore {
    /// `column` starts with `prefix` (digits), as a range an index walks in any collation.
    static func prefix(of column: String, _ prefix: String) -> (String, [SQLValue]) {
        guard let bound = CaseSearch.upperBound(ofPrefix: prefix) else { return ("\(column) >= ?", [.text(prefix)]) }
        return ("(\(column) >= ? AND \(column) < ?)", [.text(prefix), .text(bound)])
    }
}

extension ScopedStore {
    /// The `AND …` that bounds a case query by the caller's scope: a region's subtree, a
    /// department's dispatched cases, or a resident's own reports. `table` qualifies the columns
    /// when the cases table is joined (`"c."`); `pagedByTime`: see ``subtree(_:column:pagedByTime:)``.
    func scopeFilter(table t: String = "", pagedByTime: Bool = false) throws(StoreError) -> (String, [SQLValue]) {
        switch (caller.role, caller.scope) {
        case (.resident, _):
            guard caller.actor != Self.anonymousActor else {
                throw .outOfScope("listing cases (log in, or track one by its number)")
            }
            return (" AND \(t)reporter = ?", [.text(caller.actor)])
        case (_, .department(let department)):
            // `_` is allowed in department keys and is a LIKE wildcard.
            let key = Self.likeLiteral(department.value)
            return (
                " AND \(t)county_code = ? AND ((\(t)unit = ? AND \(t)dispatched_to_unit = 1) OR \(t)co_handlers LIKE ? ESCAPE '\\')",
                [.text(department.countyCode), .text(department.value), .text("%\"\(key)\"%")]
            )
        default:
            let range = caller.scope.regionRange
            var sql = ""
            var arguments: [SQLValue] = []
            if range.prefix.count >= 6 {
                sql += " AND \(t)county_code = ?"
                arguments.append(.text(String(range.prefix.prefix(6))))
            }
            if !range.prefix.isEmpty {
                let (subtreeSQL, subtreeArguments) = Self.subtree(
                    range, column: t + "region_code", pagedByTime: pagedByTime)
                sql += subtreeSQL
                arguments += subtreeArguments
            }
            return (sql, arguments)
        }
    }

    /// `text` for a `LIKE … ESCAPE '\'` pattern that matches it as written: its `%` and `_` are
    /// not wildcards there.
    static func likeLiteral(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
    }

    /// The caller's scope narrowed to `region`'s subtree (refused outside the scope), for counts
    /// over an area: indicators, map tallies.
    func scopeFilter(within region: RegionCode?, pagedByTime: Bool = false) throws(StoreError) -> (String, [SQLValue]) {
        var (sql, arguments) = try scopeFilter(pagedByTime: pagedByTime)
        if let region {
            try requireInScope(region)
            let (regionSQL, regionArguments) = Self.region(region, pagedByTime: pagedByTime)
            sql += regionSQL
            arguments += regionArguments
        }
        return (sql, arguments)
    }

    /// The `AND …` that keeps cases inside `region`'s subtree, naming the county when the region lies
    /// within one, so the county-led indexes serve callers whose own scope is wider (a province).
    static func region(_ region: RegionCode, pagedByTime: Bool = false) -> (String, [SQLValue]) {
        let (sql, arguments) = subtree(region.subtreeRange, column: "region_code", pagedByTime: pagedByTime)
        guard region.level >= .county else { return (sql, arguments) }
        return (" AND county_code = ?" + sql, [.text(region.countyCode)] + arguments)
    }

    /// The `AND …` that keeps `column` inside the subtree `range`. A page read newest first
    /// (`pagedByTime`) over a subtree wider than a grid tests the code's prefix instead of its
    /// range: no index serves that test, so the engine walks the county's cases by time
    /// (`cases_by_time`) and stops after a page, where a range scan would fetch and sort all of a
    /// township's hundred thousand cases first. A grid's few cases are range-scanned and sorted.
    static func subtree(_ range: CodeRange, column: String, pagedByTime: Bool) -> (String, [SQLValue]) {
        if pagedByTime, range.prefix.count < RegionLevel.grid.significantDigits {
            return (" AND substr(\(column), 1, \(range.prefix.count)) = ?", [.text(range.prefix)])
        }
        return (" AND \(column) >= ? AND \(column) < ?", [.text(range.lowerBound), .text(range.upperBound)])
    }
}

extension GridStore {
    /// 督办: raises supervision once per step for every open case past its due time — a history
    /// row and a journal entry addressed to the level above — and returns how many it raised.
    public func superviseOverdue() async throws -> Int {
        try await raiseOnce(
            condition: "due_at < ? AND step IS NOT NULL AND (supervised_step IS NULL OR supervised_step <> step)",
            action: "supervise", note: { "超期督办: \($0.step?.rawValue ?? "")" },
            data: { ["step": JSONValue($0.step?.rawValue)] }
        ) {
            $0.supervisedStep = $0.step
        }
    }

    /// 催办: urges once per step every open case that has turned yellow, so its unit and centre
    /// see it (history, journal, live stream) before it is overdue; returns how many it urged.
    public func urgeWarned() async throws -> Int {
        try await raiseOnce(
            condition: "warn_at < ? AND step IS NOT NULL AND (urged_step IS NULL OR urged_step <> step)",
            action: "urge", note: { "黄灯催办: \($0.step?.rawValue ?? "")" },
            data: { ["step": JSONValue($0.step?.rawValue)] }
        ) {
            $0.urgedStep = $0.step
        }
    }

    /// 吹哨报到 late: supervises, once per whistle, every case whose called departments have not
    /// all reported in by their deadline, naming those that have not.
    public func superviseLateReportIn() async throws -> Int {
        @Sendable func late(_ record: CaseRecord) -> [String] { record.coHandlers.filter { !$0.value }.keys.sorted() }
        return try await raiseOnce(
            condition: "report_in_due < ? AND state IN ('dispatched', 'handling')", action: "supervise",
            note: { "报到超时: \(late($0).joined(separator: "、"))" },
            data: {
                ["step": .string(CaseStep.reportIn.rawValue), "departments": .array(late($0).map(JSONValue.string))]
            }
        ) {
            $0.reportInDueAtMilliseconds = nil
        }
    }

    /// The server runs these every minute; tests call them after moving the clock. `condition`
    /// takes the current time as its one argument and must stop matching a case once `mark` ran.
    private func raiseOnce(
        condition: String, action: String, note: @escaping @Sendable (CaseRecord) -> String,
        data: @escaping @Sendable (CaseRecord) -> [String: JSONValue],
        mark: @escaping @Sendable (inout CaseRecord) -> Void
    ) async throws -> Int {
        let at = now.epochMilliseconds
        let steps = WorkflowSteps(
            ledger: CaseLedger(
                catalogue: try await catalogue(), emergencies: try await emergencies(), calendar: calendar, now: now.now
            ))
        let raised = try await database.write { db in
            let due = try db.query(
                "SELECT \(CaseQueries.columns) FROM cases WHERE \(condition) ORDER BY updated_at LIMIT 1000",
                [.integer(at)]
            ).map(CaseQueries.decode)
            return try due.map { current in
                let upper =
                    current.centreCode.level > .county
                    ? current.countyCode + "000000" : current.countyCode.prefix(4) + "00000000"
                var fields = data(current)
                fields["by"] = .string(String(upper))
                return try steps.record(
                    action, on: current, actor: "system:time-limits", note: note(current), data: fields, at: at,
                    on: db, mark: mark)
            }
        }
        for record in raised { events.publish(record) }
        return raised.count
    }
}

extension ScopedStore {
    /// Where the caller's cases were handled, and how many are open and overdue (三级联动);
    /// `reportedSince`: only cases reported since then (the centre's month).
    ///
    /// A closed case never dispatched was handled on the spot (自处理): approving self-handling is
    /// the only way to close a case without dispatching it.
    public func linkageShares(region: RegionCode? = nil, reportedSince: Int64? = nil) async throws -> LinkageShares {
        // Since a time, the cases are found by their report time (the county-and-time index), not
        // by walking every case of the region.
        var (scope, scopeArguments) = try scopeFilter(within: region, pagedByTime: reportedSince != nil)
        if let reportedSince {
            scope += " AND reported_at >= ?"
            scopeArguments.append(.integer(reportedSince))
        }
        let (filter, filterArguments) = (scope, scopeArguments)
        let now = store.now.epochMilliseconds
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT unit, state, self_handled, overdue, COUNT(*) AS cases FROM (
                    SELECT unit, state, CASE WHEN due_at < ? THEN 1 ELSE 0 END AS overdue,
                           CASE WHEN dispatched_to_unit = 0 THEN 1 ELSE 0 END AS self_handled
                    FROM cases c WHERE 1 = 1\(filter)
                ) AS t GROUP BY unit, state, self_handled, overdue
                """, [.integer(now)] + filterArguments)
        }
        var closed: [LinkageShares.HandlingLevelName: Int] = [:]
        var open = 0
        var overdue = 0
        for row in rows.map({ NamedRow($0, names: ["unit", "state", "self_handled", "overdue", "cases"]) }) {
            let state = CaseState(rawValue: try row.text("state")) ?? .reported
            let count = Int(try row.integer("cases"))
            switch state {
            case .closed, .rated:
                closed[
                    LinkageShares.level(
                        ofUnit: try row.optionalText("unit"), selfHandled: try row.integer("self_handled") > 0),
                    default: 0] += count
            case .rejected, .merged, .voided:
                break
            default:
                open += count
                if try row.integer("overdue") == 1 { overdue += count }
            }
        }
        return LinkageShares(closedByLevel: closed, open: open, overdue: overdue)
    }
}

extension ScopedStore {
    /// The categories reported most often in the caller's area lately, most frequent first: what a
    /// report form offers at the top of its list.
    public func frequentCategories(days: Int = 90, limit: Int = 5) async throws -> [String] {
        let (filter, arguments) = try scopeFilter()
        let since = store.now.epochMilliseconds - Int64(days) * 86_400_000
        let rows = try await store.database.read { db in
            try db.query(
                "SELECT category, COUNT(*) AS n FROM cases WHERE reported_at >= ?\(filter)"
                    + " GROUP BY category ORDER BY n DESC, category LIMIT ?",
                [.integer(since)] + arguments + [.integer(Int64(limit))])
        }
        return try rows.map { try $0.text(0) }
    }
}

/// A handling department's own figures (its page's indicators): what waits to be signed for, what
/// it is handling, how much of that is overdue, and what it has handled.
public struct UnitFigures: Sendable, Hashable {
    public var toSign = 0
    public var handling = 0
    public var overdue = 0
    public var handled = 0
}

extension ScopedStore {
    /// The figures of the cases dispatched or whistled to the caller's department.
    public func unitFigures() async throws -> UnitFigures {
        guard case .department = caller.scope else { throw StoreError.outOfScope("a department's figures") }
        let (filter, arguments) = try scopeFilter()
        let now = store.now.epochMilliseconds
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT state, CASE WHEN due_at < ? THEN 1 ELSE 0 END AS overdue, COUNT(*) FROM cases
                WHERE 1 = 1\(filter) GROUP BY state, CASE WHEN due_at < ? THEN 1 ELSE 0 END
                """, [.integer(now)] + arguments + [.integer(now)])
        }
        var figures = UnitFigures()
        for row in rows {
            let count = Int(try row.integer(2))
            switch CaseState(rawValue: try row.text(0)) {
            case .dispatched: figures.toSign += count
            case .handling: figures.handling += count
            case .handled, .verified, .closed, .rated: figures.handled += count
            default: continue
            }
            if [.dispatched, .handling].contains(CaseState(rawValue: try row.text(0))), try row.integer(1) == 1 {
                figures.overdue += count
            }
        }
        return figures
    }
}

/// One step of a case's history with its case, as update feeds list them.
public struct CaseUpdate: Sendable, Hashable {
    public var number: String
    public var entry: CaseHistoryEntry
}

extension ScopedStore {
    /// History steps of the caller's cases in a time window, oldest first (at most `limit`):
    /// the feed Open311's `servicerequestupdates` serves.
    public func caseUpdates(fromMilliseconds from: Int64, toMilliseconds to: Int64, limit: Int = 1000) async throws
        -> [CaseUpdate]
    {
        let (filter, scopeArguments) = try scopeFilter(table: "c.")
        return try await store.database.read { db in
            try db.query(
                """
                SELECT \(CaseQueries.historyTable.selectList(qualifiedBy: "h")), c.number
                FROM case_history h JOIN cases c ON c.county_code = h.county_code AND c.id = h.case_id
                WHERE h.at_ms >= ? AND h.at_ms < ?\(filter) ORDER BY h.at_ms, c.number, h.seq LIMIT ?
                """, [.integer(from), .integer(to)] + scopeArguments + [.integer(Int64(limit))]
            ).map { row in
                let named = CaseQueries.historyTable.row(row, extra: ["number"])
                return CaseUpdate(number: try named.text("number"), entry: try CaseQueries.historyEntry(named))
            }
        }
    }
}

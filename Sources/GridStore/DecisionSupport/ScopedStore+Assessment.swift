import Foundation
import GridCore

/// The days an assessment covers, both included.
public struct AssessmentPeriod: Sendable, Hashable {
    public var from: CalendarDay
    public var to: CalendarDay

    public init(from: CalendarDay, to: CalendarDay) throws(StoreError) {
        guard from <= to else {
            throw .invalid(field: "from", reason: "the period starts \(from), after its end \(to)")
        }
        guard to.index - from.index < 400 else {
            throw .invalid(field: "to", reason: "a period covers at most 400 days, not \(to.index - from.index + 1)")
        }
        self.from = from
        self.to = to
    }

    public var days: Int { to.index - from.index + 1 }

    /// The first instant after the period (local midnight after its last day).
    public var endMilliseconds: Int64 { WorkingCalendar.startMilliseconds(of: CalendarDay(index: to.index + 1)) }

    /// The period just before (趋势 compares with it): as many whole months before when the
    /// period is whole months, otherwise the same number of days before.
    public var previous: AssessmentPeriod {
        let (fromYear, fromMonth, fromDay) = from.components
        let next = CalendarDay(index: to.index + 1).components
        if fromDay == 1, next.day == 1 {
            let months = (next.year - fromYear) * 12 + next.month - fromMonth
            let start = (fromYear * 12 + fromMonth - 1) - months
            if let first = CalendarDay(year: start / 12, month: start % 12 + 1, day: 1),
                let period = try? AssessmentPeriod(from: first, to: CalendarDay(index: from.index - 1))
            {
                return period
            }
        }
        // Never empty nor too long: the same length as this one.
        let before = CalendarDay(index: from.index - 1)
        return (try? AssessmentPeriod(from: CalendarDay(index: from.index - days), to: before)) ?? self
    }

    /// The calendar month holding `day`, up to `day` itself (本月).
    public static func monthToDate(_ day: CalendarDay) -> AssessmentPeriod {
        let (year, month, _) = day.components
        let first = CalendarDay(year: year, month: month, day: 1) ?? day
        return (try? AssessmentPeriod(from: first, to: day)) ?? .init(unchecked: day)
    }

    private init(unchecked day: CalendarDay) {
        (from, to) = (day, day)
    }
}

/// One region's or unit's figures over a period, with its scores.
public struct UnitAssessment: Sendable, Hashable {
    /// A region's code, or a department's.
    public var id: String
    public var name: String
    public var inputs: AssessmentInputs
    /// The post whose scheme gives ``score``: 网格员 for a grid, 处置单位 for a department, 区域综合 above.
    public var post: AssessmentPost
    public var score: Double?
    public var parts: [AssessmentScheme.Part]
    public var ranking: AssessmentRanking?

    public var grade: AssessmentGrade? { score.map(AssessmentGrade.init(score:)) }
}

/// What a leader's page shows of an area (``ScopedStore/assessment(of:period:)``).
public struct AreaAssessment: Sendable, Hashable {
    public var area: UnitAssessment
    public var period: AssessmentPeriod
    /// The area scored by each post's scheme: its centre's 受理员, 值班长, 派遣员 and so on.
    public var posts: [(post: AssessmentPost, score: Double?, parts: [AssessmentScheme.Part])]
    public var previousScore: Double?
    /// The area's children, ranked among themselves.
    public var children: [UnitAssessment]
    /// The county's departments, ranked (at county level and above a county, none).
    public var departments: [UnitAssessment]
    /// Reports and closes a day, for the trend line.
    public var daily: [(day: CalendarDay, reported: Int, closed: Int)]
    /// Reports by category, most first.
    public var categories: [(category: String, count: Int)]

    public static func == (a: AreaAssessment, b: AreaAssessment) -> Bool {
        a.area == b.area && a.period == b.period && a.children == b.children && a.departments == b.departments
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(area) }
}

extension ScopedStore {
    /// An area's assessment over a period: every indicator with its definition, the scores of each
    /// post, its children and (for a county) its departments ranked with their trend. A department
    /// sees its own figures only.
    public func assessment(of code: RegionCode?, period: AssessmentPeriod) async throws -> AreaAssessment {
        guard [.admin, .auditor, .centre, .leader, .station, .gridleader, .worker, .dept].contains(caller.role) else {
            throw StoreError.outOfScope("assessments")
        }
        let schemes = try await store.assessmentSchemes()
        let now = store.now.epochMilliseconds
        let rules = AssessmentContext(
            calendar: store.calendar,
            visitDays: Dictionary(
                try await populationGroups().map { ($0.code, $0.visitDays) }, uniquingKeysWith: { first, _ in first }),
            today: WorkingCalendar.local(store.now.now).0)
        if case .department(let department) = caller.scope {
            return try await store.database.read { db in
                try Self.departmentAssessment(
                    department, period: period, schemes: schemes, now: now, rules: rules, on: db)
            }
        }
        let area = code ?? caller.scope.topRegion
        if let area { try requireInScope(area) }
        return try await store.database.read { db in
            let region = try area.flatMap { try RegionQueries.find($0, on: db) }
            // Micro-grids keep no counters of their own: listed, each would show its grid's figures.
            let children =
                try (area.map { try RegionQueries.children(of: $0, on: db) } ?? RegionQueries.roots(on: db))
                .filter { $0.code.level <= .grid }
            let units: [(id: String, name: String, nodes: NodeSet)] =
                try [(area?.digits ?? "", region?.name ?? "全域", Self.nodes(of: area, on: db))]
                + children.map { ($0.code.digits, $0.name, try Self.nodes(of: $0.code, on: db)) }
            var departments: [(id: String, name: String, nodes: NodeSet)] = []
            if let area, area.level == .county {
                departments = try db.query(
                    "SELECT code, name FROM departments WHERE county_code = ? ORDER BY code", [.text(area.countyCode)]
                ).map { row in
                    let code = try row.text(0)
                    return (code, try row.text(1), NodeSet(county: [area.countyCode: [CaseRollupKey.unitNode(code)]]))
                }
            }
            let current = try Self.inputs(
                for: units + departments, period: period, now: now, rules: rules, on: db)
            let previous = try Self.inputs(
                for: units + departments, period: period.previous, now: min(now, period.previous.endMilliseconds),
                rules: rules, on: db)
            func unit(_ entry: (id: String, name: String, nodes: NodeSet), post: AssessmentPost) -> UnitAssessment {
                let inputs = current[entry.id] ?? AssessmentInputs(flow: CaseFlow())
                let scored = schemes[post]?.score(inputs)
                return UnitAssessment(
                    id: entry.id, name: entry.name, inputs: inputs, post: post, score: scored?.score,
                    parts: scored?.parts ?? [])
            }
            func ranked(_ entries: [(id: String, name: String, nodes: NodeSet)], post: (String) -> AssessmentPost)
                -> [UnitAssessment]
            {
                let assessed = entries.map { unit($0, post: post($0.id)) }
                let rankings = AssessmentRanking.rank(
                    assessed.map { assessed in
                        let before = previous[assessed.id].flatMap { schemes[assessed.post]?.score($0)?.score }
                        return (assessed.id, assessed.score, before)
                    })
                return rankings.compactMap { ranking in
                    guard var found = assessed.first(where: { $0.id == ranking.id }) else { return nil }
                    found.ranking = ranking
                    return found
                }
            }
            let areaPost: AssessmentPost = area?.level == .grid ? .gridWorker : .region
            var main = unit(units[0], post: areaPost)
            let previousScore = previous[main.id].flatMap { schemes[areaPost]?.score($0)?.score }
            main.ranking = AssessmentRanking(id: main.id, score: main.score, previousScore: previousScore, rank: nil)
            let posts = AssessmentPost.allCases.filter { $0 != .region }.map { post in
                let scored = schemes[post]?.score(main.inputs)
                return (post: post, score: scored?.score, parts: scored?.parts ?? [])
            }
            return AreaAssessment(
                area: main, period: period, posts: posts, previousScore: previousScore,
                children: ranked(Array(units.dropFirst())) { id in id.count == 15 ? .gridWorker : .region },
                departments: ranked(departments) { _ in .handlingUnit },
                daily: try Self.daily(units[0].nodes, period: period, on: db),
                categories: try Self.categories(of: area, flow: main.inputs.flow, period: period, on: db))
        }
    }

    /// A department sees its own figures as a handling unit, and nobody else's.
    static func departmentAssessment(
        _ department: DepartmentCode, period: AssessmentPeriod, schemes: [AssessmentPost: AssessmentScheme],
        now: Int64, rules: AssessmentContext, on db: any SQLConnection
    ) throws -> AreaAssessment {
        let name =
            try db.queryOne(
                "SELECT name FROM departments WHERE county_code = ? AND code = ?",
                [.text(department.countyCode), .text(department.text)])?.text(0) ?? department.text
        let nodes = NodeSet(county: [department.countyCode: [CaseRollupKey.unitNode(department.text)]])
        let units = [(id: department.text, name: name, nodes: nodes)]
        let inputs =
            try Self.inputs(for: units, period: period, now: now, rules: rules, on: db)[department.text]
            ?? AssessmentInputs(flow: CaseFlow())
        let previous = try Self.inputs(
            for: units, period: period.previous, now: min(now, period.previous.endMilliseconds), rules: rules, on: db)
        let scored = schemes[.handlingUnit]?.score(inputs)
        let previousScore = previous[department.text].flatMap { schemes[.handlingUnit]?.score($0)?.score }
        let area = UnitAssessment(
            id: department.text, name: name, inputs: inputs, post: .handlingUnit, score: scored?.score,
            parts: scored?.parts ?? [],
            ranking: AssessmentRanking(
                id: department.text, score: scored?.score, previousScore: previousScore, rank: nil))
        return AreaAssessment(
            area: area, period: period, posts: [(.handlingUnit, scored?.score, scored?.parts ?? [])],
            previousScore: previousScore, children: [], departments: [],
            daily: try daily(nodes, period: period, on: db), categories: inputs.flow.reportsByCategory)
    }

    /// The rollup nodes an area sums: itself at or below a county, its counties above one.
    struct NodeSet: Sendable {
        var county: [String: [String]]
        /// The area's region, for the snapshot counts (`nil`: a unit, or the whole territory).
        var region: RegionCode?

        init(county: [String: [String]], region: RegionCode? = nil) {
            self.county = county
            self.region = region
        }

        /// The department whose node this is, if it is a unit's.
        var unit: String? {
            county.values.first?.first.flatMap { $0.hasPrefix("unit:") ? String($0.dropFirst(5)) : nil }
        }
    }

    static func nodes(of area: RegionCode?, on db: any SQLConnection) throws -> NodeSet {
        if let area, area.level >= .county {
            let node = area.level == .microGrid ? String(area.digits.prefix(15)) : area.digits
            return NodeSet(county: [area.countyCode: [node]], region: area)
        }
        let range = area?.subtreeRange ?? .everything
        var sql = "SELECT code FROM regions WHERE level = ?"
        var arguments: [SQLValue] = [.integer(Int64(RegionLevel.county.rawValue))]
        if !range.prefix.isEmpty {
            sql += " AND code >= ? AND code < ?"
            arguments += [.text(range.lowerBound), .text(range.upperBound)]
        }
        var counties: [String: [String]] = [:]
        for row in try db.query(sql, arguments) {
            let code = try row.text(0)
            counties[String(code.prefix(6)), default: []].append(code)
        }
        return NodeSet(county: counties, region: area)
    }

    /// Each unit's inputs over a period: its counted steps, its field work, and its cases overdue in
    /// handling at `now`. For a period already past (the trend's previous one) `now` is its end, and
    /// the overdue are those overdue then and not handled since: the store keeps no past states, and
    /// the rest of the figures then rest on the same footing as the current period's.
    static func inputs(
        for units: [(id: String, name: String, nodes: NodeSet)], period: AssessmentPeriod, now: Int64,
        rules: AssessmentContext, on db: any SQLConnection
    ) throws -> [String: AssessmentInputs] {
        var wanted: [String: [String: [String]]] = [:]  // county → node → unit ids
        for unit in units {
            for (county, nodes) in unit.nodes.county {
                for node in nodes { wanted[county, default: [:]][node, default: []].append(unit.id) }
            }
        }
        var flows: [String: CaseFlow] = [:]
        for (county, nodes) in wanted.sorted(by: { $0.key < $1.key }) {
            let names = nodes.keys.sorted()
            for monthly in [true, false] {
                let chosen = names.filter { CaseRollupBuckets.keepsMonths($0) == monthly }
                let (days, dayArguments) = CaseRollupBuckets.filter(period, today: rules.today, months: monthly)
                for start in stride(from: 0, to: chosen.count, by: 200) {
                    let chunk = Array(chosen[start..<min(start + 200, chosen.count)])
                    let rows = try db.query(
                        """
                        SELECT node, channel, category, measure, CAST(SUM(count) AS BIGINT) FROM case_rollups
                        WHERE county_code = ? AND node IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                          AND \(days)
                        GROUP BY node, channel, category, measure
                        """,
                        [.text(county)] + chunk.map { .text($0) } + dayArguments)
                    for row in rows {
                        guard let measure = CaseMeasure(text: try row.text(3)) else { continue }
                        let count = Int(try row.integer(4))
                        for id in nodes[try row.text(0)] ?? [] {
                            flows[id, default: CaseFlow()].add(
                                count, channel: try row.text(1), category: try row.text(2), measure: measure)
                        }
                    }
                }
            }
        }
        let snapshots = try Self.snapshots(units, period: period, now: now, rules: rules, on: db)
        var result: [String: AssessmentInputs] = [:]
        for unit in units {
            var inputs = snapshots[unit.id] ?? AssessmentInputs(flow: CaseFlow())
            inputs.flow = flows[unit.id] ?? CaseFlow()
            result[unit.id] = inputs
        }
        return result
    }

    /// What the figures need beside the rows: the working calendar, each key-population group's days
    /// between visits by attention level, and today.
    struct AssessmentContext: Sendable {
        var calendar: WorkingCalendar
        var visitDays: [String: [AttentionLevel: Int]]
        /// After it nothing is counted yet: a month counter covers a period that reaches today.
        var today: CalendarDay
    }

    /// The figures read at the end of the period for every unit at once (one query a table and
    /// county, grouped by each unit's code prefix, instead of a query a table and unit): cases
    /// overdue in handling now, and the field work of region units within a county.
    static func snapshots(
        _ units: [(id: String, name: String, nodes: NodeSet)], period: AssessmentPeriod, now: Int64,
        rules: AssessmentContext, on db: any SQLConnection
    ) throws -> [String: AssessmentInputs] {
        var result: [String: AssessmentInputs] = [:]
        func update(_ id: String, _ change: (inout AssessmentInputs) -> Void) {
            var inputs = result[id] ?? AssessmentInputs(flow: CaseFlow())
            change(&inputs)
            result[id] = inputs
        }
        // Departments: their overdue cases by unit.
        let departments = units.compactMap { unit in
            unit.nodes.unit.map { (unit.id, $0, unit.nodes.county.keys.first ?? "") }
        }
        for (county, group) in Dictionary(grouping: departments, by: \.2) {
            let rows = try db.query(
                """
                SELECT unit, COUNT(*) FROM cases WHERE county_code = ? AND state IN ('dispatched', 'handling')
                  AND due_at < ? AND dispatched_to_unit = 1
                  AND unit IN (\(group.map { _ in "?" }.joined(separator: ",")))
                GROUP BY unit
                """, [.text(county), .integer(now)] + group.map { .text($0.1) })
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.text(0)] = Int(try row.integer(1)) }
            for (id, unit, _) in group { update(id) { $0.overdueUnhandled = counts[unit] ?? 0 } }
        }
        // Regions within one county: grouped by the prefix each one's code is known by.
        let regions = units.compactMap { unit in unit.nodes.region.map { (id: unit.id, region: $0) } }
            .filter { $0.region.level >= .county }
        let start = WorkingCalendar.startMilliseconds(of: period.from)
        let end = WorkingCalendar.startMilliseconds(of: CalendarDay(index: period.to.index + 1))
        let workingDays = (period.from.index...period.to.index).filter {
            rules.calendar.isWorkingDay(CalendarDay(index: $0))
        }
        for (county, group) in Dictionary(grouping: regions, by: { $0.region.countyCode }) {
            let widest = group.map(\.region).min { $0.level < $1.level } ?? group[0].region
            let range = widest.level == .county ? CodeRange(prefix: county) : widest.subtreeRange
            let lengths = Set(group.map { Self.prefixLength($0.region) })
            func grouped(_ sql: (Int) -> String, _ arguments: [SQLValue]) throws -> [Int: [String: Int]] {
                var byLength: [Int: [String: Int]] = [:]
                for length in lengths {
                    for row in try db.query(sql(length), arguments) {
                        byLength[length, default: [:]][try row.text(0), default: 0] += Int(try row.integer(1))
                    }
                }
                return byLength
            }
            func figure(_ table: [Int: [String: Int]], _ region: RegionCode) -> Int {
                let length = Self.prefixLength(region)
                return table[length]?[String(region.digits.prefix(length))] ?? 0
            }
            let scope: [SQLValue] = [.text(county), .text(range.lowerBound), .text(range.upperBound)]
            // The overdue handling cases themselves are few: read their regions once from their own
            // index (a condition on the region would lead SQLite to a wider one), count by prefix.
            var overdue: [Int: [String: Int]] = [:]
            for row in try db.query(
                """
                SELECT region_code FROM cases
                WHERE county_code = ? AND state IN ('dispatched', 'handling') AND due_at < ?
                """, [.text(county), .integer(now)])
            {
                let code = try row.text(0)
                guard range.contains(code) else { continue }
                for length in lengths { overdue[length, default: [:]][String(code.prefix(length)), default: 0] += 1 }
            }
            // By the code's length, which the key holds: reading `level` would read each row's boundary.
            let grids = try grouped(
                { length in
                    """
                    SELECT SUBSTR(code, 1, \(length)), COUNT(*) FROM regions
                    WHERE county_code = ? AND code >= ? AND code < ? AND LENGTH(code) = 15
                    GROUP BY SUBSTR(code, 1, \(length))
                    """
                }, scope)
            let dayList = workingDays.map(String.init).joined(separator: ",")
            let patrolled = try grouped(
                { length in
                    """
                    SELECT SUBSTR(grid_code, 1, \(length)), COUNT(*) FROM (
                        SELECT DISTINCT grid_code, (started_at + \(WorkingCalendar.utcOffsetSeconds * 1000)) / 86400000 AS d
                        FROM patrols WHERE county_code = ? AND grid_code >= ? AND grid_code < ?
                          AND started_at >= ? AND started_at < ?) patrolled
                    WHERE d IN (\(dayList.isEmpty ? "-1" : dayList))
                    GROUP BY SUBSTR(grid_code, 1, \(length))
                    """
                }, scope + [.integer(start), .integer(end)])
            let dayNames = workingDays.map { "'\(CalendarDay(index: $0).description)'" }.joined(separator: ",")
            let attended = try grouped(
                { length in
                    """
                    SELECT SUBSTR(grid_code, 1, \(length)), COUNT(*) FROM attendance
                    WHERE county_code = ? AND grid_code >= ? AND grid_code < ? AND day IN (\(dayNames.isEmpty ? "''" : dayNames))
                    GROUP BY SUBSTR(grid_code, 1, \(length))
                    """
                }, scope)
            let visited = try grouped(
                { length in
                    """
                    SELECT SUBSTR(v.grid_code, 1, \(length)), COUNT(DISTINCT v.person_id) FROM visits v
                    WHERE v.county_code = ? AND v.grid_code >= ? AND v.grid_code < ? AND v.visited_at >= ?
                      AND v.visited_at < ? AND EXISTS (
                        SELECT 1 FROM key_people k WHERE k.county_code = v.county_code AND k.person_id = v.person_id)
                    GROUP BY SUBSTR(v.grid_code, 1, \(length))
                    """
                }, scope + [.integer(start), .integer(end)])
            // Key people: each one's next visit (the last one, or the day they were listed, plus the
            // shortest interval of their groups), and where they live.
            var people: [String: (grid: String, due: CalendarDay)] = [:]
            func day(_ milliseconds: Int64) -> CalendarDay {
                WorkingCalendar.local(Date(epochMilliseconds: milliseconds)).0
            }
            for row in try db.query(
                """
                SELECT person_id, group_code, attention, updated_at, last_visit_at, grid_code FROM key_people
                WHERE county_code = ? AND grid_code >= ? AND grid_code < ?
                """, scope)
            {
                let group = try row.text(1)
                let every = AttentionLevel(rawValue: try row.text(2)).flatMap { rules.visitDays[group]?[$0] } ?? 30
                let next = VisitSchedule.dueDay(
                    lastVisit: try row.optionalInteger(4).map(day), listed: day(try row.integer(3)), every: every)
                let person = try row.text(0)
                people[person] = (try row.text(5), min(people[person]?.due ?? next, next))
            }
            for (id, region) in group {
                let prefix = String(region.digits.prefix(Self.prefixLength(region)))
                let gridDays = figure(grids, region) * workingDays.count
                let mine = people.values.filter { $0.grid.hasPrefix(prefix) }
                update(id) { inputs in
                    inputs.overdueUnhandled = figure(overdue, region)
                    if gridDays > 0 {
                        inputs.patrols = Ratio(figure(patrolled, region), gridDays)
                        inputs.attendance = Ratio(figure(attended, region), gridDays)
                    }
                    if !mine.isEmpty {
                        inputs.visits = Ratio(figure(visited, region), mine.count)
                        inputs.keyPopulationVisits = Ratio(mine.filter { $0.due >= period.to }.count, mine.count)
                    }
                }
            }
        }
        return result
    }

    /// The digits a region's descendants share: 6 for a county, 9 a township, 12 a community, 15 a grid.
    static func prefixLength(_ region: RegionCode) -> Int {
        region.level == .microGrid ? 15 : region.level.significantDigits
    }

    /// Reports by category: from the counters down to a township, from the cases in a community
    /// or a grid (whose counters keep no category).
    static func categories(of area: RegionCode?, flow: CaseFlow, period: AssessmentPeriod, on db: any SQLConnection)
        throws -> [(category: String, count: Int)]
    {
        guard let area, area.level >= .village else { return flow.reportsByCategory }
        let range = area.subtreeRange
        return try db.query(
            """
            SELECT category, COUNT(*) FROM cases WHERE county_code = ? AND region_code >= ? AND region_code < ?
              AND reported_at >= ? AND reported_at < ? GROUP BY category
            """,
            [
                .text(area.countyCode), .text(range.lowerBound), .text(range.upperBound),
                .integer(WorkingCalendar.startMilliseconds(of: period.from)),
                .integer(WorkingCalendar.startMilliseconds(of: CalendarDay(index: period.to.index + 1))),
            ]
        ).map { (try $0.text(0), Int(try $0.integer(1))) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    /// Reports and closes a day over the period.
    static func daily(_ nodes: NodeSet, period: AssessmentPeriod, on db: any SQLConnection) throws -> [(
        day: CalendarDay, reported: Int, closed: Int
    )] {
        var reported: [String: Int] = [:]
        var closed: [String: Int] = [:]
        for (county, names) in nodes.county.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: names.count, by: 200) {
                let chunk = Array(names[start..<min(start + 200, names.count)])
                let rows = try db.query(
                    """
                    SELECT day, measure, CAST(SUM(count) AS BIGINT) FROM case_rollups
                    WHERE county_code = ? AND node IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                      AND day >= ? AND day <= ? AND (measure = 'report' OR measure LIKE 'close%'
                        OR measure LIKE 'approve_self_handling%')
                    GROUP BY day, measure
                    """,
                    [.text(county)] + chunk.map { .text($0) } + [
                        .text(period.from.description), .text(period.to.description),
                    ])
                for row in rows {
                    let (day, measure, count) = (try row.text(0), try row.text(1), Int(try row.integer(2)))
                    if measure == "report" {
                        reported[day, default: 0] += count
                    } else {
                        closed[day, default: 0] += count
                    }
                }
            }
        }
        return (period.from.index...period.to.index).map { index in
            let day = CalendarDay(index: index)
            return (day, reported[day.description] ?? 0, closed[day.description] ?? 0)
        }
    }
}

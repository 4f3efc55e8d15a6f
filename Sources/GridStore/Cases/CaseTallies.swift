import GridCore

/// Open cases of one region, by time status: what a command-centre map colours.
public struct CaseTally: Sendable, Hashable {
    public var open = 0
    /// 黄灯: past the warning share of the step's limit.
    public var warned = 0
    /// 红灯: past the step's due time.
    public var overdue = 0

    public init(open: Int = 0, warned: Int = 0, overdue: Int = 0) {
        self.open = open
        self.warned = warned
        self.overdue = overdue
    }
}

extension ScopedStore {
    /// Open cases under each child of `parent` (the caller's top region when `nil`) that the
    /// caller may see, keyed by the child's code.
    public func openCaseTallies(under parent: RegionCode?, children: [Region]) async throws -> [String: CaseTally] {
        // Children may mix levels (a city's districts beside a directly administered county):
        // one grouping per length of significant prefix.
        let lengths = Set(children.map(\.level.significantDigits)).sorted()
        let (filter, filterArguments) = try scopeFilter(within: parent)
        guard !lengths.isEmpty else { return [:] }
        let now = store.now.epochMilliseconds
        let byPrefix = try await store.database.read { db in
            var tallies: [String: CaseTally] = [:]
            for length in lengths {
                let rows = try db.query(
                    """
                    SELECT SUBSTR(region_code, 1, \(length)) AS prefix, COUNT(*) AS open_cases,
                           SUM(CASE WHEN due_at < ? THEN 0 WHEN warn_at < ? THEN 1 ELSE 0 END) AS warned,
                           SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END) AS overdue
                    FROM cases WHERE state IN (\(CaseQueries.openStatesSQL))\(filter) GROUP BY SUBSTR(region_code, 1, \(length))
                    """, [.integer(now), .integer(now), .integer(now)] + filterArguments)
                for row in rows.map({ NamedRow($0, names: ["prefix", "open_cases", "warned", "overdue"]) }) {
                    tallies[try row.text("prefix")] = CaseTally(
                        open: Int(try row.integer("open_cases")), warned: Int(try row.integer("warned")),
                        overdue: Int(try row.integer("overdue")))
                }
            }
            return tallies
        }
        var tallies: [String: CaseTally] = [:]
        for child in children {
            tallies[child.code.digits] = byPrefix[String(child.code.significantPrefix)] ?? CaseTally()
        }
        return tallies
    }

    /// The actions the caller may take on a case now (a queue row's buttons, a worker's tasks).
    public func allowedActions(_ record: CaseRecord) -> [CaseAction] {
        CaseWorkflow.allowedActions(from: record.state, facts: facts(record, tokenMatches: false))
    }

    /// The line departments of the caller's county (or of every county for territory-wide callers):
    /// what a dispatcher may send a case to or whistle.
    public func departments() async throws -> [Department] {
        let county: String? =
            switch caller.scope {
            case .department(let department): department.countyCode
            case .region(let region): region.level >= .county ? region.countyCode : nil
            case .territory: nil
            }
        let range = caller.scope.regionRange
        var sql = "SELECT code, name FROM departments"
        var arguments: [SQLValue] = []
        if let county {
            sql += " WHERE county_code = ?"
            arguments = [.text(county)]
        } else if !range.prefix.isEmpty {
            sql += " WHERE code >= ? AND code < ?"
            arguments = [.text(range.lowerBound), .text(range.upperBound)]
        }
        let (query, values) = (sql + " ORDER BY code", arguments)
        return try await store.database.read { db in
            try db.query(query, values).compactMap { row in
                guard let department = try? DepartmentCode(try row.text(0)) else { return nil }
                return Department(code: department, name: try row.text(1))
            }
        }
    }
}

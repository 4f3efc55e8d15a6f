import Foundation
import GridCore

/// A screening campaign (走访排查) over a region subtree.
public struct Campaign: Sendable, Hashable {
    /// The county its row is kept under: the region's county, or the code prefix of a region above.
    public var county: String
    public var id: String
    public var region: RegionCode
    public var definition: CampaignDefinition
    /// Households (or people) in scope when it started: one task each.
    public var tasks: Int
    public var createdBy: String
    public var createdAt: Int64
    public var closedBy: String?
    public var closedAt: Int64?

    public var isOpen: Bool { closedAt == nil }
}

/// One household's (or person's) task of a campaign, as a grid worker's list shows it.
public struct CampaignTask: Sendable, Hashable {
    public var county: String
    public var key: String
    public var grid: RegionCode
    public var addressCode: String?
    public var personID: String?
    /// The address, or the person's name.
    public var label: String
    public var doneAt: Int64?
    public var doneBy: String?
    public var answers: [String: String]
    public var status: RiskStatus?
    public var caseNumber: String?
}

/// A campaign's figures for one area: households in scope, visited, and found at each status.
public struct CampaignCoverage: Sendable, Hashable {
    public var node: RegionCode
    public var households: Int
    public var visited: Int
    /// Visited households (or people) whose answers gave yellow, orange or red.
    public var found: [RiskStatus: Int]
    public var colour: RegionRiskColour?

    public var share: Double? { households > 0 ? Double(visited) / Double(households) : nil }
}

/// A person's current risk status (一人一码) and why.
public struct PersonRiskStatus: Sendable, Hashable {
    public var personID: String
    public var status: RiskStatus
    public var reasons: [String]
    public var campaignID: String
    public var at: Int64
}

/// A grid's people's statuses rolled up to their households and buildings.
public struct GridRiskRollUp: Sendable {
    public struct Building: Sendable {
        public var address: StandardAddress
        /// Written out from its place down (`翠苑一区3幢`).
        public var name: String
        /// The worst of its households' statuses; nil when none of its people has one.
        public var status: RiskStatus?
    }

    /// By house address code.
    public var households: [String: RiskStatus]
    /// The grid's buildings, each with its worst status.
    public var buildings: [Building]
}

extension ScopedStore {
    static let campaignColumns =
        "county_code, id, region_code, definition, tasks, created_by, created_at, closed_by, closed_at"

    static func decodeCampaign(_ row: SQLRow) throws -> Campaign {
        let definition: CampaignDefinition
        do {
            definition = try JSONDecoder().decode(CampaignDefinition.self, from: Data(try row.text(3).utf8))
        } catch { throw StoreError.corrupt("campaign \((try? row.text(1)) ?? "?"): \(error)") }
        return Campaign(
            county: try row.text(0), id: try row.text(1), region: try RegionCode(checking: try row.text(2)),
            definition: definition, tasks: Int(try row.integer(4)), createdBy: try row.text(5),
            createdAt: try row.integer(6), closedBy: try row.optionalText(7), closedAt: try row.optionalInteger(8))
    }

    /// The counties a region's subtree spans: its own, or those below it.
    static func counties(of region: RegionCode, on db: any SQLConnection) throws -> [String] {
        if region.level >= .county { return [region.countyCode] }
        let range = region.subtreeRange
        return try db.query(
            "SELECT code FROM regions WHERE level = ? AND code >= ? AND code < ? ORDER BY code",
            [.integer(Int64(RegionLevel.county.rawValue)), .text(range.lowerBound), .text(range.upperBound)]
        ).map { String(try $0.text(0).prefix(6)) }
    }

    /// Starts a screening campaign over `region`'s subtree (command centres and admins within their
    /// scope): one task for every household of the registry there (or every person), assigned by
    /// its grid. Refused when the definition does not hold together, when a rule raises a case of a
    /// category the catalogue lacks, when an open campaign of the same kind overlaps the region,
    /// or when the registry has nobody there. Everything is written in one transaction.
    public func startCampaign(_ definition: CampaignDefinition, over region: RegionCode) async throws -> Campaign {
        guard [.admin, .centre].contains(caller.role) else {
            throw StoreError.outOfScope("starting campaigns (command centres and admins only)")
        }
        try requireInScope(region)
        guard region.level <= .grid else {
            throw StoreError.invalid(field: "region", reason: "a campaign covers a grid or more")
        }
        let checked: CampaignDefinition
        do { checked = try definition.validated() } catch {
            switch error {
            case .definition(let field, let reason), .answer(let field, let reason):
                throw StoreError.invalid(field: field, reason: reason)
            }
        }
        let catalogue = try await store.catalogue()
        for (index, rule) in checked.rules.enumerated() {
            if let category = rule.raiseCase, catalogue.reportable(category) == nil {
                throw StoreError.invalid(
                    field: "rules[\(index)].raise_case",
                    reason: "unknown category '\(category)'; see GET /api/v1/categories")
            }
        }
        let id = UUID().uuidString.lowercased()
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definitionText = String(decoding: try encoder.encode(checked), as: UTF8.self)
        let tasks = try await store.database.write { db -> Int in
            guard try RegionQueries.find(region, on: db) != nil else { throw StoreError.notFound("region \(region)") }
            // Two starts of one kind at once must not both find no overlap: PostgreSQL holds them
            // one after the other till commit (SQLite has one writer already).
            if db.dialect == .postgres {
                _ = try db.query("SELECT pg_advisory_xact_lock(720107, hashtext(?))", [.text(checked.kind)])
            }
            for row in try db.query(
                "SELECT region_code FROM campaigns WHERE kind = ? AND closed_at IS NULL", [.text(checked.kind)])
            {
                let other = try RegionCode(checking: try row.text(0))
                if other.contains(region) || region.contains(other) {
                    throw StoreError.conflict(
                        "an open campaign of kind '\(checked.kind)' already covers region \(other), which overlaps \(region)"
                    )
                }
            }
            let range = region.subtreeRange
            var total = 0
            for county in try Self.counties(of: region, on: db) {
                let source =
                    checked.unit == .household
                    ? "SELECT county_code, ?, address_code, grid_code, address_code, NULL FROM houses"
                    : "SELECT county_code, ?, id, grid_code, address_code, id FROM people"
                try db.execute(
                    """
                    INSERT INTO campaign_tasks (county_code, campaign_id, unit_key, grid_code, address_code, person_id)
                    \(source) WHERE county_code = ? AND grid_code >= ? AND grid_code < ?
                    """, [.text(id), .text(county), .text(range.lowerBound), .text(range.upperBound)])
                let rows = try db.query(
                    """
                    INSERT INTO campaign_progress (county_code, campaign_id, grid_code, day, households, visited, yellow, orange, red)
                    SELECT county_code, campaign_id, grid_code, '', COUNT(*), 0, 0, 0, 0 FROM campaign_tasks
                    WHERE county_code = ? AND campaign_id = ? GROUP BY county_code, campaign_id, grid_code
                    RETURNING households
                    """, [.text(county), .text(id)])
                total += try rows.reduce(0) { $0 + Int(try $1.integer(0)) }
            }
            guard total > 0 else {
                throw StoreError.invalid(
                    field: "region",
                    reason: checked.unit == .household
                        ? "the registry has no households in region \(region)"
                        : "the registry has no people in region \(region)")
            }
            try db.execute(
                "INSERT INTO campaigns (\(Self.campaignColumns), kind, title) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
                [
                    .text(region.countyCode), .text(id), .text(region.digits), .text(definitionText),
                    .integer(Int64(total)), .text(actor), .integer(at), .text(checked.kind), .text(checked.title),
                ])
            try Journal.append(
                JournalChange(
                    chain: GridStore.chain(of: region), actor: actor, action: "campaign.start", entity: "campaign",
                    entityID: id,
                    after: [
                        "region": .string(region.digits), "title": .string(checked.title),
                        "definition": .string(Journal.sha256Hex(definitionText)), "tasks": .number(Double(total)),
                    ]), at: at, on: db)
            return total
        }
        return Campaign(
            county: region.countyCode, id: id, region: region, definition: checked, tasks: tasks, createdBy: actor,
            createdAt: at)
    }

    /// The campaigns that concern the caller (covering its area, or inside it), open ones first,
    /// newest first.
    public func campaigns() async throws -> [Campaign] {
        guard caller.role != .resident, caller.role != .integration else {
            throw StoreError.outOfScope("campaigns")
        }
        // Those inside the caller's area or covering it, chosen before the limit.
        let (filter, values) = regionsConcerningCaller()
        let query = "SELECT \(Self.campaignColumns) FROM campaigns\(filter) ORDER BY created_at DESC LIMIT 500"
        return try await store.database.read { db in try db.query(query, values).map(Self.decodeCampaign) }
            .sorted { ($0.isOpen ? 0 : 1, -$0.createdAt) < ($1.isOpen ? 0 : 1, -$1.createdAt) }
    }

    /// One campaign that concerns the caller.
    public func campaign(county: String, id: String) async throws -> Campaign {
        guard
            let found = try await store.database.read({ db in
                try db.queryOne(
                    "SELECT \(Self.campaignColumns) FROM campaigns WHERE county_code = ? AND id = ?",
                    [.text(county), .text(id)]
                ).map(Self.decodeCampaign)
            })
        else { throw StoreError.notFound("campaign \(id)") }
        guard caller.role != .resident, caller.role != .integration,
            caller.scope.topRegion.map({ $0.contains(found.region) || found.region.contains($0) }) ?? true
        else { throw StoreError.outOfScope("campaign \(id)") }
        return found
    }

    /// Ends a campaign (command centres and admins who could have started it); its tasks and
    /// figures stay.
    public func closeCampaign(county: String, id: String) async throws -> Campaign {
        var campaign = try await campaign(county: county, id: id)
        guard [.admin, .centre].contains(caller.role) else {
            throw StoreError.outOfScope("closing campaigns (command centres and admins only)")
        }
        try requireInScope(campaign.region)
        guard campaign.isOpen else { throw StoreError.conflict("campaign \(id) is closed already") }
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        let chain = GridStore.chain(of: campaign.region)
        try await store.database.write { db in
            let closed = try db.query(
                "UPDATE campaigns SET closed_by = ?, closed_at = ? WHERE county_code = ? AND id = ? AND closed_at IS NULL RETURNING id",
                [.text(actor), .integer(at), .text(county), .text(id)])
            guard !closed.isEmpty else { throw StoreError.conflict("campaign \(id) is closed already") }
            try Journal.append(
                JournalChange(
                    chain: chain, actor: actor, action: "campaign.close",
                    entity: "campaign", entityID: id), at: at, on: db)
        }
        (campaign.closedBy, campaign.closedAt) = (actor, at)
        return campaign
    }

    /// A grid's tasks of a campaign, those still to do first, labelled with their address (or the
    /// person's name) and the result recorded.
    public func campaignTasks(_ campaign: Campaign, inGrid grid: RegionCode, only key: String? = nil) async throws
        -> [CampaignTask]
    {
        // Households' names, addresses and answers are the registries' to protect.
        try requireRegistryReader()
        try requireInScope(grid)
        guard grid.level == .grid, campaign.region.contains(grid) else {
            throw StoreError.invalid(field: "grid", reason: "\(grid) is not a grid of the campaign's region")
        }
        let county = grid.countyCode
        let matcher = try await store.addressMatcher(county: county)
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT t.unit_key, t.address_code, t.person_id, t.done_at, t.done_by, t.answers, t.status, t.case_number,
                    p.name
                FROM campaign_tasks t LEFT JOIN people p ON p.county_code = t.county_code AND p.id = t.person_id
                WHERE t.county_code = ? AND t.campaign_id = ? AND t.grid_code = ?\(key == nil ? "" : " AND t.unit_key = ?")
                ORDER BY t.unit_key LIMIT 5000
                """, [.text(county), .text(campaign.id), .text(grid.digits)] + (key.map { [.text($0)] } ?? []))
        }
        return try rows.map { row in
            let address = try row.optionalText(1)
            let name = try row.optionalText(8)
            let label =
                name ?? address.flatMap { code in matcher.address(code: code).map { matcher.path(of: $0) } } ?? address
                ?? ""
            let answers =
                (try row.optionalText(5)).flatMap { try? JSONValue.parse($0) }?.objectValue?
                .compactMapValues(\.stringValue) ?? [:]
            return CampaignTask(
                county: county, key: try row.text(0), grid: grid, addressCode: address,
                personID: try row.optionalText(2),
                label: label, doneAt: try row.optionalInteger(3), doneBy: try row.optionalText(4), answers: answers,
                status: try row.optionalText(6).flatMap(RiskStatus.init(rawValue:)), caseNumber: try row.optionalText(7)
            )
        }.sorted {
            ($0.doneAt == nil ? 0 : 1, $0.label) < ($1.doneAt == nil ? 0 : 1, $1.label)
        }
    }

    /// Records a household's (or person's) answers (the grid's workers): checked against the
    /// questionnaire; the rules met set the status of the people there (一人一码, with history),
    /// tag them, and raise a case. Sent again with the same answers (a phone resending), the
    /// recorded result is returned and nothing is written; with other answers it is refused.
    public func recordCampaignResult(
        _ campaign: Campaign, county: String, key: String, answers given: [String: String]
    ) async throws -> (task: CampaignTask, replayed: Bool) {
        guard [.worker, .gridleader].contains(caller.role) else {
            throw StoreError.outOfScope("recording screening results (grid workers)")
        }
        guard campaign.isOpen else { throw StoreError.conflict("campaign \(campaign.id) is closed") }
        let answers: [String: String]
        switch campaign.definition.questionnaire.checked(given) {
        case .success(let checked): answers = checked
        case .failure(.answer(let field, let reason)), .failure(.definition(let field, let reason)):
            throw StoreError.invalid(field: "answers.\(field)", reason: reason)
        }
        guard
            let row = try await store.database.read({ db in
                try db.queryOne(
                    """
                    SELECT grid_code, address_code, person_id, done_at, answers FROM campaign_tasks
                    WHERE county_code = ? AND campaign_id = ? AND unit_key = ?
                    """, [.text(county), .text(campaign.id), .text(key)])
            })
        else { throw StoreError.notFound("task \(key) of campaign \(campaign.id)") }
        let grid = try RegionCode(checking: try row.text(0))
        try requireInScope(grid)
        let answersText = JSONValue.object(answers.mapValues(JSONValue.string)).canonicalText
        func recorded() async throws -> CampaignTask {
            guard let task = try await campaignTasks(campaign, inGrid: grid, only: key).first else {
                throw StoreError.notFound("task \(key) of campaign \(campaign.id)")
            }
            return task
        }
        if try row.optionalInteger(3) != nil {
            guard try row.optionalText(4) == answersText else {
                throw StoreError.conflict("the result of \(key) was recorded already, with other answers")
            }
            return (try await recorded(), true)
        }
        let address = try row.optionalText(1)
        let person = try row.optionalText(2)
        let (status, reasons) = campaign.definition.status(for: answers)
        let met = campaign.definition.rulesMet(by: answers)
        let tags = met.compactMap(\.tag)
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        let day = WorkingCalendar.local(store.now.now).0.description
        let reasonsText = JSONValue.array(reasons.map(JSONValue.string)).canonicalText
        // The task is claimed first, so a household recorded from two phones at once gets one result
        // and at most one case.
        let statusSet = met.contains { $0.status != nil }
        let claimed = try await store.database.write { db -> Bool in
            let done = try db.query(
                """
                UPDATE campaign_tasks SET done_at = ?, done_by = ?, answers = ?, status = ?
                WHERE county_code = ? AND campaign_id = ? AND unit_key = ? AND done_at IS NULL RETURNING unit_key
                """,
                [
                    .integer(at), .text(actor), .text(answersText), .text(status.rawValue), .text(county),
                    .text(campaign.id), .text(key),
                ])
            guard !done.isEmpty else {
                let recorded = try db.queryOne(
                    "SELECT answers FROM campaign_tasks WHERE county_code = ? AND campaign_id = ? AND unit_key = ?",
                    [.text(county), .text(campaign.id), .text(key)])?.optionalText(0)
                guard recorded == answersText else {
                    throw StoreError.conflict("the result of \(key) was recorded already, with other answers")
                }
                return false
            }
            try db.execute(
                """
                INSERT INTO campaign_progress (county_code, campaign_id, grid_code, day, households, visited, yellow, orange, red)
                VALUES (?, ?, ?, ?, 0, 1, ?, ?, ?)
                ON CONFLICT (county_code, campaign_id, grid_code, day) DO UPDATE SET visited = campaign_progress.visited + 1,
                    yellow = campaign_progress.yellow + excluded.yellow, orange = campaign_progress.orange + excluded.orange,
                    red = campaign_progress.red + excluded.red
                """,
                [
                    .text(county), .text(campaign.id), .text(grid.digits), .text(day),
                    .integer(status == .yellow ? 1 : 0), .integer(status == .orange ? 1 : 0),
                    .integer(status == .red ? 1 : 0),
                ])
            // The people the result speaks for: the person, or everyone registered at the household.
            let people: [String] =
                if let person { [person] } else {
                    try db.query(
                        "SELECT id FROM people WHERE county_code = ? AND address_code = ?",
                        [.text(county), .text(address ?? "")]
                    ).map { try $0.text(0) }
                }
            for id in people {
                // A rule's status replaces the person's; finding nothing gives green only to someone
                // without a status (another campaign's red is not undone by this one's silence).
                try db.execute(
                    """
                    INSERT INTO person_status (county_code, person_id, status, reasons, campaign_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (county_code, person_id) DO \(statusSet ? """
                        UPDATE SET status = excluded.status, reasons = excluded.reasons,
                            campaign_id = excluded.campaign_id, updated_at = excluded.updated_at
                        """ : "NOTHING")
                    """,
                    [
                        .text(county), .text(id), .text(status.rawValue), .text(reasonsText), .text(campaign.id),
                        .integer(at),
                    ])
                try db.execute(
                    """
                    INSERT INTO person_status_history (county_code, person_id, at, status, reasons, campaign_id, actor)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (county_code, person_id, at) DO NOTHING
                    """,
                    [
                        .text(county), .text(id), .integer(at), .text(status.rawValue), .text(reasonsText),
                        .text(campaign.id), .text(actor),
                    ])
                if !tags.isEmpty,
                    let current = try db.queryOne(
                        "SELECT tags FROM people WHERE county_code = ? AND id = ?", [.text(county), .text(id)])
                {
                    let existing =
                        (try current.optionalText(0)).flatMap { try? JSONValue.parse($0) }?.arrayValue?
                        .compactMap(\.stringValue) ?? []
                    let merged = existing + tags.filter { !existing.contains($0) }
                    if merged != existing {
                        try db.execute(
                            "UPDATE people SET tags = ?, updated_at = ? WHERE county_code = ? AND id = ?",
                            [
                                .text(JSONValue.array(merged.map(JSONValue.string)).canonicalText), .integer(at),
                                .text(county), .text(id),
                            ])
                    }
                }
            }
            var after: [String: JSONValue] = [
                "campaign": .string(campaign.id), "unit": .string(key), "status": .string(status.rawValue),
                "people": .number(Double(people.count)),
            ]
            if !tags.isEmpty { after["tags"] = .array(tags.map(JSONValue.string)) }
            try Journal.append(
                JournalChange(
                    chain: county, actor: actor, action: "campaign.record", entity: "campaign_tasks",
                    entityID: "\(campaign.id)/\(key)", after: .object(after)), at: at, on: db)
            return true
        }
        guard claimed else { return (try await recorded(), true) }
        // The case the answers raise, then named on the task (a case refused, e.g. a category
        // since removed, leaves the result recorded without one and says why).
        var caseNumber: String?
        if let rule = met.first(where: { $0.raiseCase != nil }), let category = rule.raiseCase {
            let point = try await store.database.read { db in
                try address.flatMap {
                    try db.queryOne(
                        "SELECT lat, lng FROM addresses WHERE county_code = ? AND code = ?", [.text(county), .text($0)])
                }.flatMap { row -> GeoPoint? in
                    guard let lat = try row.optionalReal(0), let lng = try row.optionalReal(1) else { return nil }
                    return GeoPoint(lat: lat, lng: lng)
                }
            }
            let reported = try await report(
                CaseReport(
                    category: category, description: "\(campaign.definition.title)：\(rule.reason)", location: point,
                    regionCode: point == nil ? grid : nil, channel: .patrol))
            caseNumber = reported.record.number
        }
        if let number = caseNumber {
            try await store.database.write { db in
                try db.execute(
                    "UPDATE campaign_tasks SET case_number = ? WHERE county_code = ? AND campaign_id = ? AND unit_key = ?",
                    [.text(number), .text(county), .text(campaign.id), .text(key)])
                try Journal.append(
                    JournalChange(
                        chain: county, actor: actor, action: "campaign.case", entity: "campaign_tasks",
                        entityID: "\(campaign.id)/\(key)", after: ["case": .string(number)]), at: at, on: db)
            }
        }
        return (try await recorded(), false)
    }

    /// A campaign's figures for `area` (default: the campaign's region, or the caller's own area
    /// inside it) and for each of its children, from the counters kept by grid (and, with `day`,
    /// for that day only).
    public func campaignCoverage(_ campaign: Campaign, of area: RegionCode? = nil, day: CalendarDay? = nil)
        async throws -> (area: CampaignCoverage, children: [CampaignCoverage])
    {
        let top = caller.scope.topRegion
        let node =
            area ?? top.flatMap { campaign.region.contains($0) && $0 != campaign.region ? $0 : nil } ?? campaign.region
        try requireInScope(node)
        guard campaign.region.contains(node) || node.contains(campaign.region) else {
            throw StoreError.invalid(field: "region", reason: "\(node) is outside the campaign's region")
        }
        let childLevel: RegionLevel? =
            switch node.level {
            case .province: .city
            case .city: .county
            case .county: .township
            case .township: .village
            case .village: .grid
            case .grid, .microGrid: nil
            }
        let range = node.subtreeRange
        let rules = campaign.definition.colours
        let rows = try await store.database.read { db -> [(String, [Int])] in
            var result: [(String, [Int])] = []
            let length = childLevel?.significantDigits ?? 15
            for county in try Self.counties(of: node, on: db) {
                let dayFilter = day == nil ? "" : " AND (day = '' OR day = ?)"
                for row in try db.query(
                    """
                    SELECT SUBSTR(grid_code, 1, \(length)), CAST(SUM(households) AS BIGINT), CAST(SUM(visited) AS BIGINT),
                        CAST(SUM(yellow) AS BIGINT), CAST(SUM(orange) AS BIGINT), CAST(SUM(red) AS BIGINT)
                    FROM campaign_progress WHERE county_code = ? AND campaign_id = ? AND grid_code >= ? AND grid_code < ?
                    \(dayFilter)
                    GROUP BY SUBSTR(grid_code, 1, \(length))
                    """,
                    [.text(county), .text(campaign.id), .text(range.lowerBound), .text(range.upperBound)]
                        + (day.map { [.text($0.description)] } ?? []))
                {
                    result.append((try row.text(0), try (1...5).map { Int(try row.integer($0)) }))
                }
            }
            return result
        }
        func coverage(_ code: RegionCode, _ figures: [Int]) -> CampaignCoverage {
            let found: [RiskStatus: Int] = [.yellow: figures[2], .orange: figures[3], .red: figures[4]]
            return CampaignCoverage(
                node: code, households: figures[0], visited: figures[1], found: found,
                colour: rules.colour(visited: figures[1], found: found))
        }
        var total = [0, 0, 0, 0, 0]
        var children: [CampaignCoverage] = []
        for (prefix, figures) in rows.sorted(by: { $0.0 < $1.0 }) {
            for index in 0..<5 { total[index] += figures[index] }
            if childLevel != nil, let code = try? RegionCode(prefix) { children.append(coverage(code, figures)) }
        }
        return (coverage(node, total), children)
    }

    /// The current risk status (一人一码) of people in a grid of the caller's scope, by person.
    public func riskStatuses(inGrid grid: RegionCode) async throws -> [String: PersonRiskStatus] {
        try requireInScope(grid)
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT s.person_id, s.status, s.reasons, s.campaign_id, s.updated_at FROM person_status s
                JOIN people p ON p.county_code = s.county_code AND p.id = s.person_id
                WHERE s.county_code = ? AND p.grid_code = ?
                """, [.text(grid.countyCode), .text(grid.digits)])
        }
        var result: [String: PersonRiskStatus] = [:]
        for row in rows {
            guard let status = RiskStatus(rawValue: try row.text(1)) else { continue }
            let id = try row.text(0)
            result[id] = PersonRiskStatus(
                personID: id, status: status,
                reasons: (try? JSONValue.parse(try row.text(2)))?.arrayValue?.compactMap(\.stringValue) ?? [],
                campaignID: try row.text(3), at: try row.integer(4))
        }
        return result
    }

    /// 一人一码 rolled up over a grid: each household (by its house's address code) takes the
    /// worst status of its people, each building of the grid the worst of its households.
    public func riskRollUp(inGrid grid: RegionCode) async throws -> GridRiskRollUp {
        try requireInScope(grid)
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT p.address_code, s.status FROM person_status s
                JOIN people p ON p.county_code = s.county_code AND p.id = s.person_id
                WHERE s.county_code = ? AND p.grid_code = ? AND p.address_code IS NOT NULL
                """, [.text(grid.countyCode), .text(grid.digits)])
        }
        var households: [String: RiskStatus] = [:]
        for row in rows {
            guard let code = try row.optionalText(0), let status = RiskStatus(rawValue: try row.text(1)) else {
                continue
            }
            households[code] = max(households[code] ?? status, status)
        }
        let addresses = try await store.addressMatcher(county: grid.countyCode)
        var buildings: [String: (StandardAddress, RiskStatus)] = [:]
        for (code, status) in households {
            guard let house = addresses.address(code: code),
                let building = addresses.ancestor(of: house, at: .building)
            else { continue }
            buildings[building.code] = (building, max(buildings[building.code]?.1 ?? status, status))
        }
        let all = addresses.addresses(in: grid, level: .building).map { building in
            GridRiskRollUp.Building(
                address: building, name: addresses.path(of: building), status: buildings[building.code]?.1)
        }
        return GridRiskRollUp(households: households, buildings: all)
    }

    /// A person's status history, newest first (the person must be in scope).
    public func riskHistory(of person: PersonView) async throws -> [PersonRiskStatus] {
        try requireInScope(person.grid)
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT person_id, status, reasons, campaign_id, at FROM person_status_history
                WHERE county_code = ? AND person_id = ? ORDER BY at DESC LIMIT 100
                """, [.text(person.grid.countyCode), .text(person.id)])
        }
        return try rows.compactMap { row in
            guard let status = RiskStatus(rawValue: try row.text(1)) else { return nil }
            return PersonRiskStatus(
                personID: try row.text(0), status: status,
                reasons: (try? JSONValue.parse(try row.text(2)))?.arrayValue?.compactMap(\.stringValue) ?? [],
                campaignID: try row.text(3), at: try row.integer(4))
        }
    }
}

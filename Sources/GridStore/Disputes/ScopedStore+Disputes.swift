import Foundation
import GridCore

/// A dispute (矛盾纠纷) as kept.
public struct DisputeRecord: Sendable, Hashable {
    public var county: String
    public var id: String
    /// `330106-JF-20261203-0001`
    public var number: String
    public var grid: RegionCode
    public var kind: DisputeKind
    public var summary: String
    public var peopleInvolved: Int
    public var risk: DisputeRisk
    public var source: DisputeSource
    public var caseNumber: String?
    public var parties: [DisputeParty]
    public var mediators: [DisputeMediator]
    public var state: DisputeState
    /// When it entered its present state: its step's time limit runs from here.
    public var stateSince: Int64
    /// `agreement`, `no_agreement`, or a referral's target.
    public var outcome: String?
    public var agreement: String?
    public var registeredBy: String
    public var registeredAt: Int64
    public var agreedAt: Int64?
    public var closedAt: Int64?
    public var updatedAt: Int64

    /// The present step's time limit (none once referred or closed).
    public var deadline: DisputeDeadline? { DisputeDeadline(state: state, since: stateSince) }
}

/// What a dispute is registered with.
public struct NewDispute: Sendable {
    public var grid: RegionCode
    public var kind: DisputeKind
    public var summary: String
    public var peopleInvolved: Int
    public var risk: DisputeRisk
    public var source: DisputeSource
    public var caseNumber: String?
    public var parties: [DisputeParty]

    public init(
        grid: RegionCode, kind: DisputeKind, summary: String, peopleInvolved: Int, risk: DisputeRisk,
        source: DisputeSource, caseNumber: String? = nil, parties: [DisputeParty]
    ) {
        (self.grid, self.kind, self.summary, self.peopleInvolved, self.risk, self.source) = (
            grid, kind, summary, peopleInvolved, risk, source
        )
        (self.caseNumber, self.parties) = (caseNumber, parties)
    }
}

/// One mediation step as asked for.
public struct DisputeStepInput: Sendable {
    public var action: DisputeAction
    public var note: String?
    public var mediators: [DisputeMediator]
    /// A session's minutes and who attended.
    public var minutes: String?
    public var attendance: [String]
    public var agreement: String?
    public var referral: DisputeReferral?
    public var risk: DisputeRisk?

    public init(
        action: DisputeAction, note: String? = nil, mediators: [DisputeMediator] = [], minutes: String? = nil,
        attendance: [String] = [], agreement: String? = nil, referral: DisputeReferral? = nil,
        risk: DisputeRisk? = nil
    ) {
        (self.action, self.note, self.mediators, self.minutes, self.attendance) = (
            action, note, mediators, minutes, attendance
        )
        (self.agreement, self.referral, self.risk) = (agreement, referral, risk)
    }
}

/// One row of a dispute's history as the caller may see it (minutes only for mediators and centres).
public struct DisputeHistoryEntry: Sendable, Hashable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var from: DisputeState?
    public var to: DisputeState
    public var note: String?
    public var data: JSONValue
}

/// A dispute with its history and what the caller may do next.
public struct DisputeView: Sendable {
    public var record: DisputeRecord
    public var history: [DisputeHistoryEntry]
    public var allowedActions: [DisputeAction]
    /// Whether the caller reads sessions' minutes (the mediators and the centre).
    public var readsMinutes: Bool
}

/// Where disputes keep their steps: the `disputes` row, `dispute_history` and the county's chain.
struct DisputeLedger: WorkflowLedger {
    var table: WorkflowTable<DisputeWorkflow> { DisputeWorkflow.table }
    var entity: String { "dispute" }

    func state(of record: DisputeRecord) -> DisputeState { record.state }
    func setState(_ state: DisputeState, of record: inout DisputeRecord) { record.state = state }
    func settle(_ next: inout DisputeRecord, after current: DisputeRecord) {}

    func save(_ next: inout DisputeRecord, replacing current: DisputeRecord, at: Int64, on db: any SQLConnection) throws
    {
        next.updatedAt = max(at, current.updatedAt + 1)
        if next.state != current.state { next.stateSince = at }
        let changed = try db.query(
            """
            UPDATE disputes SET state = ?, state_since = ?, risk = ?, mediators = ?, outcome = ?, agreement = ?,
                agreed_at = ?, closed_at = ?, updated_at = ?
            WHERE county_code = ? AND id = ? AND updated_at = ? RETURNING id
            """,
            [
                .text(next.state.rawValue), .integer(next.stateSince), .text(next.risk.rawValue),
                .text(DisputeQueries.json(next.mediators)),
                SQLValue(next.outcome), SQLValue(next.agreement), SQLValue(next.agreedAt), SQLValue(next.closedAt),
                .integer(next.updatedAt), .text(next.county), .text(next.id), .integer(current.updatedAt),
            ])
        guard !changed.isEmpty else {
            throw StoreError.conflict("dispute \(current.number) changed meanwhile; reload it")
        }
    }

    func appendHistory(
        _ next: DisputeRecord, from current: DisputeRecord, actor: String, action: String, note: String?,
        data: JSONValue, at: Int64, on db: any SQLConnection
    ) throws {
        // The next number read first, then written as a value: one statement a row, no subquery.
        let seq =
            try db.queryOne(
                "SELECT MAX(seq) FROM dispute_history WHERE county_code = ? AND dispute_id = ?",
                [.text(next.county), .text(next.id)])?.optionalInteger(0) ?? 0
        try db.execute(
            """
            INSERT INTO dispute_history (county_code, dispute_id, seq, at, actor, action, from_state, to_state, note, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(next.county), .text(next.id), .integer(seq + 1), .integer(at), .text(actor), .text(action),
                .text(current.state.rawValue), .text(next.state.rawValue), SQLValue(note), .text(data.canonicalText),
            ])
    }

    func journalChain(of record: DisputeRecord) -> String { record.county }
    func journalID(of record: DisputeRecord) -> String { record.number }
    func journalImage(of record: DisputeRecord) -> JSONValue {
        [
            "state": .string(record.state.rawValue), "risk": .string(record.risk.rawValue),
            "mediators": .number(Double(record.mediators.count)),
            "agreement": record.agreement.map { .string(Journal.sha256Hex($0)) } ?? .null,
        ]
    }
}

enum DisputeQueries {
    static let columns = """
        county_code, id, number, grid_code, kind, summary, people_involved, risk, source, case_number, parties,
        mediators, state, outcome, agreement, registered_by, registered_at, agreed_at, closed_at, updated_at,
        state_since
        """

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ row: SQLRow) throws -> DisputeRecord {
        let id = try row.text(1)
        guard let kind = DisputeKind(rawValue: try row.text(4)), let risk = DisputeRisk(rawValue: try row.text(7)),
            let source = DisputeSource(rawValue: try row.text(8)), let state = DisputeState(rawValue: try row.text(12))
        else { throw StoreError.corrupt("dispute \(id) has an unknown kind, risk, source or state") }
        let decoder = JSONDecoder()
        let parties = (try? decoder.decode([DisputeParty].self, from: Data(try row.text(10).utf8))) ?? []
        let mediators = (try? decoder.decode([DisputeMediator].self, from: Data(try row.text(11).utf8))) ?? []
        return DisputeRecord(
            county: try row.text(0), id: id, number: try row.text(2), grid: try RegionCode(checking: try row.text(3)),
            kind: kind, summary: try row.text(5), peopleInvolved: Int(try row.integer(6)), risk: risk, source: source,
            caseNumber: try row.optionalText(9), parties: parties, mediators: mediators, state: state,
            stateSince: try row.integer(20),
            outcome: try row.optionalText(13), agreement: try row.optionalText(14), registeredBy: try row.text(15),
            registeredAt: try row.integer(16), agreedAt: try row.optionalInteger(17),
            closedAt: try row.optionalInteger(18),
            updatedAt: try row.integer(19))
    }
}

extension ScopedStore {
    /// The roles that work disputes (a grid worker screens and follows up; a station, a township's
    /// or county's centre mediates and accepts).
    public static let disputeRoles: Set<Role> = [.admin, .centre, .leader, .station, .gridleader, .worker]

    /// The posts the caller holds towards a dispute.
    func disputePosts(_ record: DisputeRecord) -> Set<DisputePost> {
        var posts: Set<DisputePost> = []
        let inScope = caller.scope.contains(record.grid)
        if inScope, [.admin, .centre, .station].contains(caller.role) { posts.insert(.centre) }
        if inScope, [.worker, .gridleader].contains(caller.role) { posts.insert(.gridWorker) }
        if record.mediators.contains(where: { $0.account == caller.actor }) { posts.insert(.mediator) }
        return posts
    }

    func canSee(_ record: DisputeRecord) -> Bool {
        (Self.disputeRoles.contains(caller.role) && caller.scope.contains(record.grid))
            || record.mediators.contains { $0.account == caller.actor }
    }

    /// Registers a dispute in a grid of the caller's scope. Parties from the registry must be
    /// people the caller may see (outsiders are named only); a high risk tells the township's
    /// centre at once (its reminders); journaled.
    public func registerDispute(_ new: NewDispute) async throws -> DisputeRecord {
        guard Self.disputeRoles.contains(caller.role), caller.role != .leader else {
            throw StoreError.outOfScope("registering disputes")
        }
        try requireInScope(new.grid)
        guard new.grid.level == .grid else {
            throw StoreError.invalid(field: "grid", reason: "a dispute is registered in a grid")
        }
        let summary = try TextRule(length: 2...2000).checked(new.summary, field: "summary")
        guard (1...100_000).contains(new.peopleInvolved) else {
            throw StoreError.invalid(field: "people_involved", reason: "from 1 to 100000 people")
        }
        guard (2...20).contains(new.parties.count) else {
            throw StoreError.invalid(field: "parties", reason: "a dispute has 2 to 20 parties")
        }
        var checkedParties: [DisputeParty] = []
        for (index, party) in new.parties.enumerated() {
            if let id = party.personID {
                // Refused the same way whether the person does not exist or lies outside the scope.
                guard let person = try? await person(id: id, county: new.grid.countyCode) else {
                    throw StoreError.outOfScope("the person \(id) (parties[\(index)])")
                }
                checkedParties.append(DisputeParty(name: person.name, personID: person.id))
            } else {
                let name = try TextRule(length: 1...50).checked(party.name, field: "parties[\(index)].name")
                checkedParties.append(DisputeParty(name: name))
            }
        }
        let parties = checkedParties
        let id = UUID().uuidString.lowercased()
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        let county = new.grid.countyCode
        let day = WorkingCalendar.local(store.now.now).0
        let prefix = "\(county)-JF-\(String(day.description.filter(\.isNumber)))-"
        let record = try await store.database.write { db -> DisputeRecord in
            if let number = new.caseNumber {
                guard
                    try db.queryOne(
                        "SELECT id FROM cases WHERE county_code = ? AND number = ?", [.text(county), .text(number)])
                        != nil
                else { throw StoreError.invalid(field: "case_number", reason: "no case \(number) in county \(county)") }
            }
            // The day's next number, taken atomically from the county's counters (their key names
            // the series, so a case's day is never touched).
            let count =
                try db.queryOne(
                    """
                    INSERT INTO case_counters (county_code, day, last) VALUES (?, ?, 1)
                    ON CONFLICT (county_code, day) DO UPDATE SET last = case_counters.last + 1 RETURNING last
                    """, [.text(county), .text("JF-\(day)")])?.integer(0) ?? 1
            let record = DisputeRecord(
                county: county, id: id, number: prefix + String(format: "%04d", count), grid: new.grid,
                kind: new.kind, summary: summary, peopleInvolved: new.peopleInvolved, risk: new.risk,
                source: new.source, caseNumber: new.caseNumber, parties: parties, mediators: [], state: .registered,
                stateSince: at,
                outcome: nil, agreement: nil, registeredBy: actor, registeredAt: at, agreedAt: nil, closedAt: nil,
                updatedAt: at)
            try db.execute(
                "INSERT INTO disputes (\(DisputeQueries.columns), parties_key) VALUES (\(Array(repeating: "?", count: 22).joined(separator: ", ")))",
                [
                    .text(county), .text(id), .text(record.number), .text(new.grid.digits), .text(new.kind.rawValue),
                    .text(summary), .integer(Int64(new.peopleInvolved)), .text(new.risk.rawValue),
                    .text(new.source.rawValue), SQLValue(new.caseNumber), .text(DisputeQueries.json(parties)),
                    .text("[]"), .text(DisputeState.registered.rawValue), .null, .null, .text(actor), .integer(at),
                    .null, .null, .integer(at), .integer(at), .text(DisputeParty.key(parties)),
                ])
            try db.execute(
                """
                INSERT INTO dispute_history (county_code, dispute_id, seq, at, actor, action, from_state, to_state, note, data)
                VALUES (?, ?, 1, ?, ?, 'register', NULL, 'registered', NULL, ?)
                """,
                [
                    .text(county), .text(id), .integer(at), .text(actor),
                    .text(JSONValue.object(["risk": .string(new.risk.rawValue)]).canonicalText),
                ])
            try Journal.append(
                JournalChange(
                    chain: county, actor: actor, action: "dispute.register", entity: "dispute", entityID: record.number,
                    after: ["risk": .string(new.risk.rawValue), "parties": .number(Double(parties.count))]),
                at: at, on: db)
            return record
        }
        return record
    }

    /// One dispute the caller may see, with its history (minutes only for its mediators and
    /// centre) and the steps open to the caller now.
    public func dispute(county: String, id: String) async throws -> DisputeView {
        guard
            let record = try await store.database.read({ db in
                try db.queryOne(
                    "SELECT \(DisputeQueries.columns) FROM disputes WHERE county_code = ? AND id = ?",
                    [.text(county), .text(id)]
                ).map(DisputeQueries.decode)
            })
        else { throw StoreError.notFound("dispute \(id)") }
        guard canSee(record) else { throw StoreError.outOfScope("dispute \(record.number)") }
        let posts = disputePosts(record)
        let readsMinutes = !posts.isDisjoint(with: [.centre, .mediator])
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT at, actor, action, from_state, to_state, note, data FROM dispute_history
                WHERE county_code = ? AND dispute_id = ? ORDER BY seq
                """, [.text(county), .text(id)])
        }
        let history = try rows.map { row -> DisputeHistoryEntry in
            var data = (try? JSONValue.parse(try row.text(6))) ?? .null
            let action = try row.text(2)
            if action == DisputeAction.session.rawValue, !readsMinutes { data = .null }
            return DisputeHistoryEntry(
                at: try row.integer(0), actor: try row.text(1), action: action,
                from: try row.optionalText(3).flatMap(DisputeState.init(rawValue:)),
                to: DisputeState(rawValue: try row.text(4)) ?? .registered,
                note: action == DisputeAction.session.rawValue && !readsMinutes ? nil : try row.optionalText(5),
                data: data)
        }
        let facts = DisputeFacts(posts: posts, followUpDue: followUpDue(record))
        return DisputeView(
            record: record, history: history,
            allowedActions: DisputeWorkflow.table.allowedActions(from: record.state, facts: facts),
            readsMinutes: readsMinutes)
    }

    func followUpDue(_ record: DisputeRecord) -> Bool {
        guard let agreed = record.agreedAt else { return false }
        return store.now.epochMilliseconds >= agreed + Int64(DisputeWorkflow.followUpDays) * 86_400_000
    }

    /// Takes a mediation step (the table decides who may): assigning mediators (1 to 10), a
    /// session with minutes and attendance, an agreement with its text, a failure or a referral
    /// with its reason, the follow-up visit, a rise in risk.
    @discardableResult
    public func act(onDispute county: String, id: String, _ input: DisputeStepInput) async throws -> DisputeView {
        let current = try await dispute(county: county, id: id).record
        let note = try input.note.map { try TextRule(length: 0...2000).checked($0, field: "note") }.flatMap {
            $0.isEmpty ? nil : $0
        }
        let facts = DisputeFacts(posts: disputePosts(current), followUpDue: followUpDue(current))
        let at = store.now.epochMilliseconds
        let actor = caller.actor
        let steps = WorkflowSteps(ledger: DisputeLedger())
        _ = try await store.database.write { db in
            try steps.take(input.action, on: current, facts: facts, actor: actor, note: note, at: at, on: db) {
                _, next, data in
                switch input.action {
                case .assign:
                    guard (1...10).contains(input.mediators.count) else {
                        throw StoreError.invalid(field: "mediators", reason: "assign 1 to 10 mediators")
                    }
                    for (index, mediator) in input.mediators.enumerated() {
                        _ = try TextRule(length: 1...50).checked(mediator.name, field: "mediators[\(index)].name")
                        if let account = mediator.account {
                            guard
                                try db.queryOne("SELECT username FROM users WHERE username = ?", [.text(account)])
                                    != nil
                            else {
                                throw StoreError.invalid(
                                    field: "mediators[\(index)].account", reason: "no account '\(account)'")
                            }
                        }
                    }
                    next.mediators = input.mediators
                    data["mediators"] = .array(input.mediators.map { .string("\($0.kind.rawValue):\($0.name)") })
                case .session:
                    let minutes = try TextRule(length: 1...5000).checked(input.minutes ?? "", field: "minutes")
                    guard (1...50).contains(input.attendance.count) else {
                        throw StoreError.invalid(field: "attendance", reason: "name 1 to 50 people who attended")
                    }
                    data["minutes"] = .string(minutes)
                    data["attendance"] = .array(input.attendance.map(JSONValue.string))
                case .agree:
                    next.agreement = try TextRule(length: 2...5000).checked(input.agreement ?? "", field: "agreement")
                    next.outcome = "agreement"
                    next.agreedAt = at
                case .fail:
                    guard note != nil else { throw StoreError.invalid(field: "note", reason: "a reason is required") }
                    next.outcome = "no_agreement"
                    next.closedAt = at
                case .refer:
                    guard let referral = input.referral else {
                        throw StoreError.invalid(
                            field: "referral", reason: "one of court, police, petition, arbitration")
                    }
                    next.outcome = referral.rawValue
                    next.closedAt = at
                    data["referral"] = .string(referral.rawValue)
                case .followUp:
                    guard note != nil else {
                        throw StoreError.invalid(field: "note", reason: "what the follow-up visit found is required")
                    }
                    next.closedAt = at
                case .escalate:
                    guard let risk = input.risk, risk > current.risk else {
                        throw StoreError.invalid(
                            field: "risk", reason: "a risk above the present \(current.risk.rawValue)")
                    }
                    next.risk = risk
                    data["risk"] = .string(risk.rawValue)
                case .accept: break
                }
            }
        }
        return try await dispute(county: county, id: id)
    }

    /// Which of an area's disputes to read.
    public enum DisputeFilter: Sendable {
        case all
        /// Open and 重大 (high) risk.
        case openHighRisk
        /// Open with their present step yellow or overdue at the store's time.
        case pressing
    }

    /// The disputes of the caller's area, newest first, at most `limit`.
    public func disputes(
        in area: RegionCode? = nil, limit: Int = 200, filter: DisputeFilter = .all, registered: Range<Int64>? = nil
    ) async throws -> [DisputeRecord] {
        guard Self.disputeRoles.contains(caller.role) else { throw StoreError.outOfScope("disputes") }
        let node = area ?? caller.scope.topRegion
        if let node { try requireInScope(node) }
        let range = node?.subtreeRange ?? .everything
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let node, node.level >= .county {
            conditions.append("county_code = ? AND grid_code >= ? AND grid_code < ?")
            arguments += [.text(node.countyCode), .text(range.lowerBound), .text(range.upperBound)]
        } else if !range.prefix.isEmpty {
            conditions.append("grid_code >= ? AND grid_code < ?")
            arguments += [.text(range.lowerBound), .text(range.upperBound)]
        }
        if let registered {
            conditions.append("registered_at >= ? AND registered_at < ?")
            arguments += [.integer(registered.lowerBound), .integer(registered.upperBound)]
        }
        switch filter {
        case .all: break
        case .openHighRisk:
            conditions.append("risk = 'high' AND state IN ('registered', 'accepted', 'mediating')")
        case .pressing:
            // Each open state with its own yellow time, so the index on (state, state_since) answers.
            let now = store.now.epochMilliseconds
            let states = DisputeState.allCases.compactMap { state in
                DisputeDeadline.warnAfter(in: state).map { (state, now - $0) }
            }
            conditions.append(
                "(" + states.map { _ in "(state = ? AND state_since <= ?)" }.joined(separator: " OR ") + ")")
            arguments += states.flatMap { [SQLValue.text($0.0.rawValue), .integer($0.1)] }
        }
        // Pressing disputes longest waiting first, so a limit never drops the most overdue.
        let order = if case .pressing = filter { "state_since" } else { "registered_at DESC" }
        let query =
            "SELECT \(DisputeQueries.columns) FROM disputes"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY \(order) LIMIT \(max(1, min(limit, 20_000)))"
        let values = arguments
        return try await store.database.read { db in try db.query(query, values).map(DisputeQueries.decode) }
    }

    /// The disputes of the caller's area whose present step is yellow or overdue and is the
    /// caller's to take (a rise in risk aside, which anyone may report at any time).
    public func pressingDisputes() async throws -> [DisputeRecord] {
        guard Self.disputeRoles.contains(caller.role) else { return [] }
        return try await disputes(limit: 200, filter: .pressing).filter { record in
            let facts = DisputeFacts(posts: disputePosts(record), followUpDue: followUpDue(record))
            return DisputeWorkflow.table.allowedActions(from: record.state, facts: facts).contains { $0 != .escalate }
        }
    }

    /// The open high-risk disputes of the caller's area: a township's centre is told of them at once.
    public func highRiskDisputes() async throws -> [DisputeRecord] {
        guard [.admin, .centre, .leader, .station].contains(caller.role) else { return [] }
        return try await disputes(limit: 1000, filter: .openHighRisk)
    }
}

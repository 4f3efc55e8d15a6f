import Foundation
import GridCore

/// What comes with an action: a reason, a unit, hours, a rating, … as the action needs.
public struct CaseActionInput: Sendable, Hashable {
    public var action: CaseAction
    public var note: String?
    /// `dispatch`: the unit (a department code or a region code); the dispatch rule's choice if absent.
    public var unit: String?
    /// `request_extension`: working hours asked for.
    public var hours: Double?
    public var rating: CaseRating?
    /// `merge`: the number of the original case.
    public var duplicateOf: String?
    /// `whistle`: the departments called (the first leads).
    public var departments: [String]?
    /// A reporter without an account proves it is them with the token they got when reporting.
    public var trackingToken: String?
    /// Evidence (the fix, the spot), stored with the action in the same transaction.
    public var photos: [Photo]
    /// `locate`: where the case is (WGS-84).
    public var location: GeoPoint?
    /// 答复群众: words for the reporter, who sees these and never the notes (which stay internal).
    /// Staff only.
    public var reply: String?

    public init(
        action: CaseAction, note: String? = nil, unit: String? = nil, hours: Double? = nil, rating: CaseRating? = nil,
        duplicateOf: String? = nil, departments: [String]? = nil, trackingToken: String? = nil, photos: [Photo] = [],
        location: GeoPoint? = nil, reply: String? = nil
    ) {
        self.reply = reply
        self.action = action
        self.note = note
        self.unit = unit
        self.hours = hours
        self.rating = rating
        self.duplicateOf = duplicateOf
        self.departments = departments
        self.trackingToken = trackingToken
        self.photos = photos
        self.location = location
    }
}

/// A case as one caller sees it: the record, its time status, its history and what the caller may do now.
public struct CaseView: Sendable, Hashable {
    public var record: CaseRecord
    public var timeStatus: TimeLimitStatus?
    public var history: [CaseHistoryEntry]
    public var allowedActions: [CaseAction]
}

extension ScopedStore {
    /// One case with its history and the actions open to the caller; refused outside the caller's scope.
    public func caseDetail(number: String, trackingToken: String? = nil) async throws -> CaseView {
        let scope = self
        let (record, tokenMatches, history, gridHasWorker) = try await store.database.read { db in
            let (record, tokenMatches) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            return (
                record, tokenMatches, try CaseQueries.history(of: record, on: db),
                try CaseQueries.gridHasWorker(record, on: db)
            )
        }
        // A reporter sees what was meant for them: replies, ratings, their own words; no internal note.
        let isPublic = caller.role == .resident
        return CaseView(
            record: record, timeStatus: timeStatus(record), history: isPublic ? history.map(\.forReporter) : history,
            allowedActions: CaseWorkflow.allowedActions(
                from: record.state,
                facts: CaseFacts(
                    record: record, caller: caller, tokenMatches: tokenMatches, gridHasWorker: gridHasWorker)))
    }

    /// Takes an action on a case: the workflow table decides whether this caller may, now; the
    /// change, its history row and its journal entry are written together.
    public func act(on number: String, _ input: CaseActionInput) async throws -> CaseView {
        let store = self.store
        let caller = self.caller
        let scope = self
        let at = store.now.epochMilliseconds
        let nowDate = store.now.now
        let catalogue = try await store.catalogue()
        guard input.photos.count <= Self.maxPhotos else {
            throw StoreError.invalid(field: "photos", reason: "at most \(Self.maxPhotos) photos")
        }
        // Locating reads the grid index, which is not read inside a write.
        var locatedGrid: RegionCode?
        if input.action == .locate, let point = input.location {
            guard let grid = try await store.locator.index().locate(point) else {
                throw StoreError.invalid(
                    field: "location", reason: "\(point.lat),\(point.lng) lies in no grid of the territory")
            }
            locatedGrid = grid
        }
        let note = try input.note.map { try TextRule.actionNote.checked($0, field: "note") }
        let reply = try input.reply.map { try TextRule.actionNote.checked($0, field: "reply") }.flatMap {
            $0.isEmpty ? nil : $0
        }
        if reply != nil, [.resident, .integration].contains(caller.role) {
            throw StoreError.invalid(field: "reply", reason: "only staff reply to the reporter")
        }
        let steps = WorkflowSteps(
            ledger: CaseLedger(
                catalogue: catalogue, emergencies: try await store.emergencies(), calendar: store.calendar, now: nowDate
            ))
        let updated = try await store.database.write { [locatedGrid] db -> CaseRecord in
            let (current, tokenMatches) = try scope.visibleCase(number, trackingToken: input.trackingToken, on: db)
            var facts = CaseFacts(
                record: current, caller: caller, tokenMatches: tokenMatches,
                gridHasWorker: try CaseQueries.gridHasWorker(current, on: db))
            facts.givenRating = input.rating
            let next = try steps.take(
                input.action, on: current, facts: facts, actor: caller.actor, note: note, at: at, on: db
            ) { row, next, data in
                try Self.apply(
                    input, row: row, to: &next, data: &data, current: current, note: note, locatedGrid: locatedGrid,
                    scope: scope, ledger: steps.ledger, at: at, on: db)
                if let reply { data[CaseHistoryEntry.replyKey] = .string(reply) }
            }
            for photo in input.photos { _ = try photo.store(on: next, by: caller.actor, at: at, on: db) }
            return next
        }
        store.events.publish(updated)
        return try await caseDetail(number: updated.number, trackingToken: input.trackingToken)
    }

    /// What each case action does besides moving the state (the table has already allowed it):
    /// checks its input and changes the case, filling the history row's data.
    private static func apply(
        _ input: CaseActionInput, row: CaseWorkflow.Row, to next: inout CaseRecord, data: inout [String: JSONValue],
        current: CaseRecord, note: String?, locatedGrid: RegionCode?, scope: ScopedStore, ledger: CaseLedger,
        at: Int64, on db: any SQLConnection
    ) throws {
        let catalogue = ledger.catalogue
        let calendar = ledger.calendar
        let nowDate = ledger.now
        func requireNote(_ what: Reason) throws -> String {
            guard let note, !note.isEmpty else {
                throw StoreError.invalid(field: "note", reason: "\(what) is required (1 to 2,000 characters)")
            }
            return note
        }
        switch input.action {
        case .reject: _ = try requireNote("a reason")
        case .merge:
            guard let original = input.duplicateOf, original != current.number,
                let (target, _) = try CaseQueries.find(number: original, on: db),
                target.countyCode == current.countyCode,
                scope.canSee(target, tokenMatches: false), !target.state.isFinal
            else {
                throw StoreError.invalid(
                    field: "duplicate_of", reason: "the number of another open case you can see is required")
            }
            next.duplicateOf = target.number
            data["duplicate_of"] = .string(target.number)
        case .locate:
            guard let point = input.location, let grid = locatedGrid else {
                throw StoreError.invalid(field: "location", reason: "placing a case needs its position (lat and lng)")
            }
            // The county is part of the case's key: a case of another county is rejected there and reported anew.
            guard grid.countyCode == current.countyCode else {
                throw StoreError.invalid(
                    field: "location",
                    reason:
                        "\(point.lat),\(point.lng) lies in county \(grid.countyCode), not in this case's county \(current.countyCode); reject the case and have it reported there"
                )
            }
            next.location = point
            next.regionCode = grid
            if let category = catalogue.reportable(current.category) {
                let (unit, centre) = DispatchRule.route(category, grid: grid)
                next.unit = try Self.existingUnit(unit, county: current.countyCode, on: db)
                next.centreCode = centre
            }
            data["region"] = .string(grid.digits)
            data["lat"] = .number(point.lat)
            data["lng"] = .number(point.lng)
        case .dispatch:
            let unit = input.unit ?? current.unit ?? current.centreCode.digits
            try Self.checkUnit(unit, for: current, on: db)
            next.unit = unit
            next.dispatchedToUnit = true
            next.coHandlers = [:]
            data["unit"] = .string(unit)
        case .whistle:
            guard let departments = input.departments, !departments.isEmpty, departments.count <= 10 else {
                throw StoreError.invalid(field: "departments", reason: "whistling calls 1 to 10 departments")
            }
            for department in departments {
                try Self.checkUnit(department, for: current, on: db, departmentsOnly: true)
            }
            next.unit = departments[0]
            next.dispatchedToUnit = true
            next.coHandlers = Dictionary(departments.dropFirst().map { ($0, false) }, uniquingKeysWith: { a, _ in a })
            next.reportInDueAtMilliseconds =
                calendar.adding(
                    workingHours: Self.limit(.reportIn, of: current.category, in: catalogue)
                        * (ledger.emergencies.level(at: current.regionCode)?.limitShare ?? 1),
                    to: nowDate
                ).epochMilliseconds
            data["departments"] = .array(departments.map(JSONValue.string))
        case .reportIn:
            if case .department(let department) = scope.caller.scope { next.coHandlers[department.value] = true }
        case .escalate:
            guard current.centreCode.level > .county, let county = try? RegionCode(current.countyCode) else {
                throw StoreError.invalid(
                    field: "action", reason: "the case is already with the county's command centre")
            }
            next.centreCode = county
            data["centre"] = .string(county.digits)
            // The county's centre gets its own dispatch clock.
            next.startClock(
                .dispatch, at: nowDate, limitHours: Self.limit(.dispatch, of: current.category, in: catalogue),
                calendar: calendar, emergency: ledger.emergencies.level(at: current.regionCode))
        case .returnCase, .handle, .rework, .selfHandle, .requestVoid, .refuseSelfHandling:
            if input.action == .handle {
                _ = try requireNote("feedback on what was done")
            } else {
                _ = try requireNote("a reason")
            }
            if input.action == .requestVoid { next.voidReason = note }
            if input.action == .returnCase { next.coHandlers = [:] }
        case .requestExtension:
            guard let hours = input.hours, hours > 0, hours <= 720 else {
                throw StoreError.invalid(field: "hours", reason: "working hours between 0 and 720 are required")
            }
            _ = try requireNote("a reason")
            next.extensionRequestedHours = hours
            data["hours"] = .number(hours)
        case .approveExtension:
            let hours = current.extensionRequestedHours ?? 0
            let from = Date(epochMilliseconds: current.dueAtMilliseconds ?? at)
            next.dueAtMilliseconds = calendar.adding(workingHours: hours, to: from).epochMilliseconds
            // Yellow again towards the new end: 80% into the time granted.
            next.warnAtMilliseconds = calendar.adding(workingHours: hours * 0.8, to: from).epochMilliseconds
            next.extensionRequestedHours = nil
            next.supervisedStep = nil
            data["hours"] = .number(hours)
        case .refuseExtension:
            next.extensionRequestedHours = nil
        case .refuseVoid:
            next.voidReason = nil
        case .rate:
            guard let rating = input.rating else {
                throw StoreError.invalid(
                    field: "rating", reason: "one of satisfied, basically_satisfied, unsatisfied is required")
            }
            if rating == .unsatisfied { _ = try requireNote("a comment on what is unsatisfactory") }
            next.rating = rating
            data["rating"] = .string(rating.rawValue)
            if row.to == .registered {
                // The table's reopening row (不满意, once): back to the dispatcher.
                next.reopened = true
                next.coHandlers = [:]
                data["reopened"] = true
            }
        case .accept, .register, .approveSelfHandling, .suspend, .resume, .signIn, .verify, .close, .approveVoid:
            break
        }
    }

    /// A dispatch target must be able to see the case, or nobody could act on it: a department of
    /// the case's county (which sees what is dispatched to it), or a region whose subtree holds the
    /// case's region (the unit's staff see that subtree).
    static func checkUnit(
        _ unit: String, for record: CaseRecord, on db: any SQLConnection, departmentsOnly: Bool = false
    ) throws {
        let field = departmentsOnly ? "departments" : "unit"
        let county = record.countyCode
        if let department = try? DepartmentCode(unit) {
            guard department.countyCode == county,
                try db.queryOne(
                    "SELECT 1 FROM departments WHERE county_code = ? AND code = ?", [.text(county), .text(unit)]) != nil
            else { throw StoreError.invalid(field: field, reason: "unknown department \(unit) in county \(county)") }
            return
        }
        guard !departmentsOnly, let region = try? RegionCode(unit), region.countyCode == county else {
            throw StoreError.invalid(
                field: field, reason: "'\(unit)' is not a department or region of county \(county)")
        }
        guard region.contains(record.regionCode) else {
            throw StoreError.invalid(
                field: field,
                reason:
                    "region \(unit) does not hold the case's region \(record.regionCode); dispatch to a department of county \(county) or a region above the case"
            )
        }
        guard try RegionQueries.find(region, on: db) != nil else {
            throw StoreError.invalid(
                field: field, reason: "'\(unit)' is not a department or region of county \(county)")
        }
    }

    /// A step's limit in working hours for a category (the catalogue's default when it has none).
    static func limit(_ step: CaseStep, of category: String, in catalogue: CaseCatalogue) -> Double {
        catalogue.reportable(category)?.limit(step) ?? CaseCatalogue.defaultLimits[step] ?? 24
    }

    /// The case `number` if the caller may see it (a reporter through its tracking code), and
    /// whether the code matched; otherwise `notFound` or `outOfScope`.
    func visibleCase(_ number: String, trackingToken: String?, on db: any SQLConnection) throws -> (
        CaseRecord, tokenMatches: Bool
    ) {
        guard let (record, hash) = try CaseQueries.find(number: number, on: db) else {
            throw StoreError.notFound("case \(number)")
        }
        let tokenMatches = Self.tokenMatches(trackingToken, hash)
        guard canSee(record, tokenMatches: tokenMatches) else { throw StoreError.outOfScope("case \(number)") }
        return (record, tokenMatches)
    }

    static func tokenMatches(_ token: String?, _ hash: String?) -> Bool {
        guard let token, let hash else { return false }
        // Residents retype the code: case, spaces, dashes and look-alike letters do not matter.
        return Secrets.digest(Secrets.normalizedTrackingCode(token)) == hash
    }

    /// Whether the caller may see a case at all.
    func canSee(_ record: CaseRecord, tokenMatches: Bool) -> Bool {
        if tokenMatches { return true }
        if caller.role == .resident { return record.reporter == caller.actor && caller.actor != Self.anonymousActor }
        switch caller.scope {
        case .department(let department):
            return record.handlingUnit == department.value || record.coHandlers[department.value] != nil
        default:
            return caller.scope.contains(record.regionCode)
        }
    }

    /// What the workflow needs to know to decide this caller's actions on a case.
    func facts(_ record: CaseRecord, tokenMatches: Bool) -> CaseFacts {
        CaseFacts(record: record, caller: caller, tokenMatches: tokenMatches)
    }

    /// Yellow past 80% of the step's working time (or its own yellow time, earlier in an
    /// emergency), red past its due time.
    func timeStatus(_ record: CaseRecord) -> TimeLimitStatus? {
        guard let due = record.dueAtMilliseconds else { return nil }
        if store.now.epochMilliseconds < due, let warn = record.warnAtMilliseconds, store.now.epochMilliseconds >= warn
        {
            return .yellow
        }
        let start = Date(epochMilliseconds: record.stepStartedAtMilliseconds)
        let dueDate = Date(epochMilliseconds: due)
        let limit = store.calendar.workingSeconds(from: start, to: dueDate) / 3600
        let elapsed = store.calendar.workingSeconds(from: start, to: store.now.now)
        if store.now.epochMilliseconds >= due { return .red }
        return TimeLimitStatus.of(elapsedSeconds: elapsed, limitHours: max(limit, 1e-9))
    }
}

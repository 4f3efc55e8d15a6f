import Foundation
import GridCore

/// A visit (走访) as the visitor records it, perhaps offline and sent later.
public struct NewVisit: Sendable {
    /// A case the visit raises in the same step (a hazard found, a need to act on).
    public struct RaisedCase: Sendable, Hashable {
        public var category: String
        public var description: String

        public init(category: String, description: String) {
            (self.category, self.description) = (category, description)
        }
    }

    public var personID: String
    public var county: String
    /// When it happened, for a visit recorded offline; `nil` is now.
    public var visitedAt: Int64?
    public var location: GeoPoint?
    public var finding: String
    /// The answers to the visit fields of the person's groups, by group code.
    public var answers: [String: [String: String]]
    /// New attention levels, by group code.
    public var attention: [String: AttentionLevel]
    public var raisedCase: RaisedCase?
    public var photos: [Photo]

    public init(
        personID: String, county: String, visitedAt: Int64? = nil, location: GeoPoint? = nil, finding: String,
        answers: [String: [String: String]] = [:], attention: [String: AttentionLevel] = [:],
        raisedCase: RaisedCase? = nil, photos: [Photo] = []
    ) {
        (self.personID, self.county, self.visitedAt, self.location, self.finding) = (
            personID, county, visitedAt, location, finding
        )
        (self.answers, self.attention, self.raisedCase, self.photos) = (answers, attention, raisedCase, photos)
    }
}

/// A visit as it is read back.
public struct VisitView: Sendable, Hashable {
    public var id: String
    public var personID: String
    public var grid: RegionCode
    public var visitor: String
    public var visitedAt: Int64
    public var location: GeoPoint?
    public var finding: String
    public var answers: [String: [String: String]]
    public var attention: [String: AttentionLevel]
    public var caseNumber: String?
    /// The photos' digests (``ScopedStore/visitPhoto(county:visit:sha256:)`` serves them).
    public var photos: [String]
}

/// A key person whose visit is due, with where they live for a walk's order.
public struct DueVisit: Sendable, Hashable {
    public var person: PersonView
    /// Their groups the caller may see, each with its attention level.
    public var memberships: [KeyPersonView]
    public var dueDay: CalendarDay
    public var urgency: VisitSchedule.Urgency
    public var lastVisitAt: Int64?
    /// Their house's point, or the nearest standard address above it that has one.
    public var point: GeoPoint?
    /// From where the worker stands, when the page knows it.
    public var distanceMetres: Double?
}

extension ScopedStore {
    /// A visit to be sent this long after it happened at most (a phone offline for two days).
    public static let visitBackdateMilliseconds: Int64 = 48 * 3600 * 1000
    /// A phone's clock may run this far ahead.
    public static let clockSkewMilliseconds: Int64 = 5 * 60 * 1000

    /// Who visits: the grid's worker and leader, a community station, a command centre.
    func requireVisitor() throws(StoreError) {
        guard [.worker, .gridleader, .station, .centre].contains(caller.role) else {
            throw .outOfScope("recording visits")
        }
    }

    /// Records a visit to a person in scope: their groups' visit answers checked field by field,
    /// attention levels changed and a case raised in the same step if asked, the person's next
    /// visit rescheduled from this one. A visit sent twice after a lost answer is kept once by the
    /// API's `Idempotency-Key`.
    public func recordVisit(_ visit: NewVisit) async throws -> VisitView {
        try requireVisitor()
        guard let person = try await person(id: visit.personID, county: visit.county) else {
            throw StoreError.outOfScope("the person \(visit.personID)")
        }
        let now = store.now.epochMilliseconds
        let visitedAt = visit.visitedAt ?? now
        guard visitedAt <= now + Self.clockSkewMilliseconds else {
            throw StoreError.invalid(field: "visited_at", reason: "is in the future")
        }
        guard visitedAt >= now - Self.visitBackdateMilliseconds else {
            throw StoreError.invalid(field: "visited_at", reason: "is more than 48 hours ago")
        }
        let finding = try TextRule(length: 0...2000).checked(visit.finding, field: "finding")
        guard visit.photos.count <= Self.maxPhotos else {
            throw StoreError.invalid(field: "photos", reason: "at most \(Self.maxPhotos) photos")
        }
        let memberships = try await keyGroups(of: person)
        var answers: [String: [String: String]] = [:]
        for (code, given) in visit.answers.sorted(by: { $0.key < $1.key }) where !given.isEmpty {
            guard let member = memberships.first(where: { $0.group.code == code }) else {
                throw StoreError.invalid(field: "answers", reason: "the person is not in the group \(code)")
            }
            switch member.group.checkedVisit(given) {
            case .success(let checked): answers[code] = checked
            case .failure(let problems):
                let problem = problems.problems[0]
                throw StoreError.invalid(field: "answers.\(code).\(problem.field ?? "")", reason: problem.reason)
            }
        }
        for code in visit.attention.keys where !memberships.contains(where: { $0.group.code == code }) {
            throw StoreError.invalid(field: "attention", reason: "the person is not in the group \(code)")
        }
        // A form sends every group's level: only a real change is a change (and a visit sent late
        // never undoes one made meanwhile).
        let changed = visit.attention.filter { code, level in
            memberships.first { $0.group.code == code }?.attention != level
        }
        let visibleGroups = memberships.map { SQLValue.text($0.group.code) }
        // The case first: a visit that names its case is never left pointing at nothing.
        var raised: String?
        if let asked = visit.raisedCase {
            let reported = try await report(
                CaseReport(
                    category: asked.category, description: asked.description, location: visit.location,
                    regionCode: visit.location == nil ? person.grid : nil, channel: .patrol, photos: visit.photos))
            raised = reported.record.number
        }
        let caseNumber = raised
        let id = UUID().uuidString.lowercased()
        let answersText = JSONValue.object(answers.mapValues { .object($0.mapValues(JSONValue.string)) }).canonicalText
        let attentionText =
            changed.isEmpty ? nil : JSONValue.object(changed.mapValues { .string($0.rawValue) }).canonicalText
        let photos = visit.photos.map(\.sha256)
        let county = person.grid.countyCode
        try await store.database.write { db in
            try db.execute(
                """
                INSERT INTO visits (county_code, id, grid_code, person_id, visitor, visited_at, recorded_at, lat, lng,
                    finding, answers, attention, case_number, photos)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(county), .text(id), .text(person.grid.digits), .text(person.id), .text(caller.actor),
                    .integer(visitedAt), .integer(now), SQLValue(visit.location?.lat), SQLValue(visit.location?.lng),
                    .text(finding), .text(answersText), SQLValue(attentionText), SQLValue(caseNumber),
                    .text(JSONValue.array(photos.map(JSONValue.string)).canonicalText),
                ])
            for photo in visit.photos { try photo.storeBytes(county: county, on: db) }
            if !visibleGroups.isEmpty {
                // The groups the visitor may see are visited; a visit sent late never moves them back.
                try db.execute(
                    """
                    UPDATE key_people SET last_visit_at = ?
                    WHERE county_code = ? AND person_id = ? AND (last_visit_at IS NULL OR last_visit_at < ?)
                        AND group_code IN (\(visibleGroups.map { _ in "?" }.joined(separator: ", ")))
                    """, [.integer(visitedAt), .text(county), .text(person.id), .integer(visitedAt)] + visibleGroups)
            }
            for (code, level) in changed {
                try db.execute(
                    "UPDATE key_people SET attention = ?, updated_at = ? WHERE county_code = ? AND person_id = ? AND group_code = ?",
                    [.text(level.rawValue), .integer(now), .text(county), .text(person.id), .text(code)])
            }
            // The journal names the person by record; what was found stays in the visit.
            var after: [String: JSONValue] = ["person": .string(person.id), "visited_at": .number(Double(visitedAt))]
            if let caseNumber { after["case"] = .string(caseNumber) }
            if let attentionText { after["attention"] = .string(attentionText) }
            try Journal.append(
                JournalChange(
                    chain: county, actor: caller.actor, action: "visit.record", entity: "visits", entityID: id,
                    after: .object(after)),
                at: now, on: db)
        }
        return VisitView(
            id: id, personID: person.id, grid: person.grid, visitor: caller.actor, visitedAt: visitedAt,
            location: visit.location, finding: finding, answers: answers, attention: changed,
            caseNumber: caseNumber, photos: photos)
    }

    /// A person's visits, newest first, with the answers and attention of the groups the caller
    /// may see only (a station never learns a special group from a visit).
    public func visits(of person: PersonView, limit: Int = 50) async throws -> [VisitView] {
        try requireRegistryReader()
        try requireInScope(person.grid)
        let visible = Set(try await populationGroups().filter { $0.isVisible(to: caller) }.map(\.code))
        let visits = try await store.database.read { db in
            try db.query(
                """
                SELECT \(Self.visitColumns) FROM visits WHERE county_code = ? AND person_id = ?
                ORDER BY visited_at DESC LIMIT ?
                """,
                [.text(person.grid.countyCode), .text(person.id), .integer(Int64(max(1, min(limit, 500))))]
            ).map(Self.visitView)
        }
        return visits.map { visit in
            var shown = visit
            shown.answers = visit.answers.filter { visible.contains($0.key) }
            shown.attention = visit.attention.filter { visible.contains($0.key) }
            return shown
        }
    }

    /// The key people of a grid whose visits the caller keeps, most urgent first and, within the
    /// same urgency, nearest first from `position` (where the worker stands) when it is known.
    public func dueVisits(inGrid grid: RegionCode, from position: GeoPoint? = nil) async throws -> [DueVisit] {
        try requireVisitor()
        let memberships = try await keyPeople(inGrid: grid)
        let today = WorkingCalendar.local(store.now.now).0
        let matcher = try await store.addressMatcher(county: grid.countyCode)
        func day(_ milliseconds: Int64) -> CalendarDay {
            WorkingCalendar.local(Date(epochMilliseconds: milliseconds)).0
        }
        var due: [DueVisit] = []
        for (_, groups) in Dictionary(grouping: memberships, by: \.person.id) {
            let person = groups[0].person
            let lastVisitAt = groups.compactMap(\.lastVisitAt).max()
            let dueDay =
                groups.map { member in
                    VisitSchedule.dueDay(
                        lastVisit: lastVisitAt.map(day), listed: day(member.updatedAt),
                        every: member.visitEveryDays ?? 30)
                }.min() ?? today
            var point: GeoPoint?
            var code = person.addressCode
            while point == nil, let current = code, let address = matcher.address(code: current) {
                point = address.point
                code = address.parentCode
            }
            due.append(
                DueVisit(
                    person: person, memberships: groups.sorted { $0.group.code < $1.group.code }, dueDay: dueDay,
                    urgency: VisitSchedule.urgency(due: dueDay, today: today), lastVisitAt: lastVisitAt, point: point,
                    distanceMetres: position.flatMap { from in point.map { GeoPoint.distanceMetres(from, $0) } }))
        }
        return due.sorted {
            ($0.urgency, $0.distanceMetres ?? .infinity, $0.dueDay, $0.person.name)
                < ($1.urgency, $1.distanceMetres ?? .infinity, $1.dueDay, $1.person.name)
        }
    }

    /// A visit's photo, for a caller who may read the visit.
    public func visitPhoto(county: String, visit id: String, sha256: String) async throws -> (
        contentType: String, bytes: [UInt8]
    ) {
        try requireRegistryReader()
        let found = try await store.database.read { db -> (VisitView?, SQLRow?) in
            let visit = try db.queryOne(
                "SELECT \(Self.visitColumns) FROM visits WHERE county_code = ? AND id = ?", [.text(county), .text(id)]
            ).map(Self.visitView)
            let blob = try db.queryOne(
                "SELECT content_type, bytes FROM blobs WHERE county_code = ? AND sha256 = ?",
                [.text(county), .text(sha256)])
            return (visit, blob)
        }
        guard let visit = found.0, caller.scope.contains(visit.grid), visit.photos.contains(sha256),
            let blob = found.1, case .blob(let bytes) = blob.values[1]
        else { throw StoreError.notFound("photo \(sha256)") }
        return (try blob.text(0), bytes)
    }

    static let visitColumns =
        "id, person_id, grid_code, visitor, visited_at, lat, lng, finding, answers, attention, case_number, photos"

    static func visitView(_ row: SQLRow) throws -> VisitView {
        guard let grid = try? RegionCode(try row.text(2)) else { throw StoreError.corrupt("a visit with a bad grid") }
        let answers =
            (try? JSONValue.parse(try row.text(8)))?.objectValue?.compactMapValues {
                $0.objectValue?.compactMapValues(\.stringValue)
            } ?? [:]
        let attention =
            try row.optionalText(9).flatMap { try? JSONValue.parse($0) }?.objectValue?.compactMapValues {
                $0.stringValue.flatMap(AttentionLevel.init(rawValue:))
            } ?? [:]
        var location: GeoPoint?
        if let lat = try row.optionalReal(5), let lng = try row.optionalReal(6) {
            location = GeoPoint(lat: lat, lng: lng)
        }
        return VisitView(
            id: try row.text(0), personID: try row.text(1), grid: grid, visitor: try row.text(3),
            visitedAt: try row.integer(4), location: location, finding: try row.text(7), answers: answers,
            attention: attention, caseNumber: try row.optionalText(10),
            photos: (try? JSONValue.parse(try row.text(11)))?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

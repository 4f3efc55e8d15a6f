import Foundation
import GridCore

/// SQL for cases: one row per case, its history beside it, and a per-county, per-day counter for
/// the human case numbers.
enum CaseQueries {
    /// The `cases` table's columns, each beside where its value comes from in a ``CaseRecord``.
    /// (Written once at intake and never read back: `tracking_hash`, the resident's tracking code
    /// digest, which only ``find(number:on:)`` compares; `number_tail` and `phone_tail`, which the
    /// queue's search finds cases by, see ``Migrations/caseSearch``.)
    static let table = TableColumns<CaseRecord>([
        .init("id") { .text($0.id) },
        .init("number") { .text($0.number) },
        .init("county_code") { .text($0.countyCode) },
        .init("region_code") { .text($0.regionCode.digits) },
        .init("category") { .text($0.category) },
        .init("description") { .text($0.description) },
        .init("lat") { SQLValue($0.location?.lat) },
        .init("lng") { SQLValue($0.location?.lng) },
        .init("address") { SQLValue($0.address) },
        .init("channel") { .text($0.channel.rawValue) },
        .init("reporter") { SQLValue($0.reporter) },
        .init("reporter_phone") { SQLValue($0.reporterPhone) },
        .init("discoverer") { SQLValue($0.discoverer) },
        .init("state") { .text($0.state.rawValue) },
        .init("centre_code") { .text($0.centreCode.digits) },
        .init("unit") { SQLValue($0.unit) },
        .init("co_handlers") { .text(JSONValue.object($0.coHandlers.mapValues(JSONValue.bool)).canonicalText) },
        .init("step") { SQLValue($0.step?.rawValue) },
        .init("step_started_at") { .integer($0.stepStartedAtMilliseconds) },
        .init("due_at") { SQLValue($0.dueAtMilliseconds) },
        .init("extension_hours") { SQLValue($0.extensionRequestedHours) },
        .init("void_reason") { SQLValue($0.voidReason) },
        .init("duplicate_of") { SQLValue($0.duplicateOf) },
        .init("likely_duplicates") { .text(JSONValue.array($0.likelyDuplicates.map(JSONValue.string)).canonicalText) },
        .init("reopened") { .integer($0.reopened ? 1 : 0) },
        .init("rating") { SQLValue($0.rating?.rawValue) },
        .init("reported_at") { .integer($0.reportedAtMilliseconds) },
        .init("updated_at") { .integer($0.updatedAtMilliseconds) },
        .init("supervised_step") { SQLValue($0.supervisedStep?.rawValue) },
        .init("warn_at") { SQLValue($0.warnAtMilliseconds) },
        .init("urged_step") { SQLValue($0.urgedStep?.rawValue) },
        .init("report_in_due") { SQLValue($0.reportInDueAtMilliseconds) },
        .init("dispatched_to_unit") { .integer($0.dispatchedToUnit ? 1 : 0) },
    ])

    /// The columns a new case is inserted with: ``table``'s, then those written once (above).
    private static let insertColumns = table.names + ["tracking_hash", "number_tail", "phone_tail"]

    /// `id, number, …`: the columns a case is read from (``decode(_:)``).
    static let columns = table.selectList

    static func decode(_ row: SQLRow) throws -> CaseRecord { try decode(table.row(row)) }

    static func decode(_ row: NamedRow) throws -> CaseRecord {
        func code(_ name: String) throws -> RegionCode {
            let text = try row.text(name)
            do { return try RegionCode(text) } catch { throw StoreError.corrupt("case \(name) \(text)") }
        }
        func json<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
            do { return try JSONDecoder().decode(T.self, from: Data(try row.text(name).utf8)) } catch {
                throw StoreError.corrupt("case column \(name): \(error)")
            }
        }
        var location: GeoPoint?
        if let lat = try row.optionalReal("lat"), let lng = try row.optionalReal("lng") {
            location = GeoPoint(lat: lat, lng: lng)
        }
        guard let channel = CaseChannel(rawValue: try row.text("channel")),
            let state = CaseState(rawValue: try row.text("state"))
        else {
            throw StoreError.corrupt("case \(try row.text("number")) channel or state")
        }
        return CaseRecord(
            id: try row.text("id"), number: try row.text("number"), countyCode: try row.text("county_code"),
            regionCode: try code("region_code"),
            category: try row.text("category"), description: try row.text("description"), location: location,
            address: try row.optionalText("address"), channel: channel, reporter: try row.optionalText("reporter"),
            reporterPhone: try row.optionalText("reporter_phone"), discoverer: try row.optionalText("discoverer"),
            state: state,
            centreCode: try code("centre_code"), unit: try row.optionalText("unit"),
            coHandlers: try json("co_handlers", [String: Bool].self),
            step: try row.optionalText("step").flatMap(CaseStep.init(rawValue:)),
            stepStartedAtMilliseconds: try row.integer("step_started_at"),
            dueAtMilliseconds: try row.optionalInteger("due_at"),
            extensionRequestedHours: try row.optionalReal("extension_hours"),
            voidReason: try row.optionalText("void_reason"),
            duplicateOf: try row.optionalText("duplicate_of"),
            likelyDuplicates: try json("likely_duplicates", [String].self),
            reopened: try row.integer("reopened") != 0,
            rating: try row.optionalText("rating").flatMap(CaseRating.init(rawValue:)),
            reportedAtMilliseconds: try row.integer("reported_at"),
            updatedAtMilliseconds: try row.integer("updated_at"),
            supervisedStep: try row.optionalText("supervised_step").flatMap(CaseStep.init(rawValue:)),
            warnAtMilliseconds: try row.optionalInteger("warn_at"),
            urgedStep: try row.optionalText("urged_step").flatMap(CaseStep.init(rawValue:)),
            reportInDueAtMilliseconds: try row.optionalInteger("report_in_due"),
            dispatchedToUnit: try row.integer("dispatched_to_unit") != 0)
    }

    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Inserts a new case; in a batch's first attempt the row is written at its write-back.
    static func insert(_ c: CaseRecord, trackingHash: String?, on db: any SQLConnection) throws {
        let row = table.values(
            of: c, followedBy: SQLValue(trackingHash), .text(CaseSearch.tailKey(c.number)),
            SQLValue(c.reporterPhone.map(CaseSearch.tailKey)))
        try db.insert(into: "cases", columns: insertColumns, row: row)
        // A new case has no history yet.
        try db.know(CaseHistorySequence.self, CaseKey(county: c.countyCode, id: c.id), is: 0)
        try db.participant(OpenCasesInTransaction.self).noteWritten(c)
    }

    /// What an action may change of a case; the rest is fixed at intake.
    private static let changeableColumns = [
        "region_code", "lat", "lng", "state", "centre_code", "unit", "co_handlers", "step", "step_started_at", "due_at",
        "extension_hours", "void_reason", "duplicate_of", "reopened", "rating", "updated_at", "supervised_step",
        "warn_at",
        "urged_step", "report_in_due", "dispatched_to_unit",
    ]

    /// Writes a changed case if nobody changed it since it was read (`updated_at` as the version).
    static func update(_ c: CaseRecord, previousUpdatedAt: Int64, on db: any SQLConnection) throws {
        let (assignments, values) = table.assignments(changeableColumns, of: c)
        let rows = try db.query(
            "UPDATE cases SET \(assignments) WHERE county_code = ? AND id = ? AND updated_at = ? RETURNING id",
            values + [.text(c.countyCode), .text(c.id), .integer(previousUpdatedAt)])
        guard !rows.isEmpty else { throw StoreError.conflict("a newer change to case \(c.number) (reload and retry)") }
        try db.participant(OpenCasesInTransaction.self).noteWritten(c)
    }

    static func find(number: String, on db: any SQLConnection) throws -> (CaseRecord, trackingHash: String?)? {
        let county = String(number.prefix(6))
        guard
            let row = try db.queryOne(
                "SELECT \(columns), tracking_hash FROM cases WHERE county_code = ? AND number = ?",
                [.text(county), .text(number)])
        else { return nil }
        let named = table.row(row, extra: ["tracking_hash"])
        return (try decode(named), try named.optionalText("tracking_hash"))
    }

    /// The next number of the day in a county.
    static func nextNumber(county: String, day: CalendarDay, on db: any SQLConnection) throws -> String {
        CaseNumber.make(
            county: county, day: day, sequence: try reserveNumbers(county: county, day: day, count: 1, on: db))
    }

    /// Takes the next `count` sequence numbers of the day in a county at once and returns the first.
    static func reserveNumbers(county: String, day: CalendarDay, count: Int, on db: any SQLConnection) throws -> Int {
        let key = CaseCounterKey(county: county, day: day.description)
        let last = try db.advance(CaseCounterRow.self, key) { last -> Int64 in
            defer { last += Int64(count) }
            return last
        }
        try db.participant(OpenCasesInTransaction.self).noteCounter(key, from: last, to: last + Int64(count))
        return Int(last) + 1
    }

    /// Whether an active grid worker can verify a handled case: one whose scope is the case's grid
    /// (or the micro-grid it lies in). Asked only of handled cases, the one state it decides.
    static func gridHasWorker(_ c: CaseRecord, on db: any SQLConnection) throws -> Bool {
        guard c.state == .handled else { return true }
        let region = c.regionCode.digits
        let grids = Array(Set([region, String(region.prefix(15))]))
        return try db.queryOne(
            "SELECT 1 FROM users WHERE role = 'worker' AND disabled_at IS NULL AND region_code IN ("
                + grids.map { _ in "?" }.joined(separator: ",") + ") LIMIT 1", grids.map { .text($0) }) != nil
    }

    /// `'reported', 'accepted', …`: the open states for `state IN (…)`.
    static let openStatesSQL = CaseState.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The `case_history` table's columns, each beside where its value comes from: the case, and its step.
    static let historyTable = TableColumns<(countyCode: String, caseID: String, entry: CaseHistoryEntry)>([
        .init("county_code") { .text($0.countyCode) },
        .init("case_id") { .text($0.caseID) },
        .init("seq") { .integer(Int64($0.entry.sequence)) },
        .init("at_ms") { .integer($0.entry.atMilliseconds) },
        .init("actor") { .text($0.entry.actor) },
        .init("action") { .text($0.entry.action) },
        .init("from_state") { SQLValue($0.entry.from?.rawValue) },
        .init("to_state") { .text($0.entry.to.rawValue) },
        .init("note") { SQLValue($0.entry.note) },
        .init("data") { .text($0.entry.data.canonicalText) },
        .init("measure") { SQLValue($0.entry.measure?.description) },
        .init("counted_unit") { SQLValue($0.entry.countedUnit) },
    ])

    /// Appends the next step to a case's history, numbered after the case's rows already given out,
    /// and counts it in the rollups as `measure` (at `countedUnit` too, the unit that held the case).
    static func appendHistory(
        _ c: CaseRecord, actor: String, action: String, from: CaseState?, note: String?, data: JSONValue,
        measure: CaseMeasure?, countedUnit: String? = nil, at: Int64, on db: any SQLConnection
    ) throws {
        let sequence = try db.advance(CaseHistorySequence.self, CaseKey(county: c.countyCode, id: c.id)) {
            last -> Int64 in
            last += 1
            return last
        }
        let entry = CaseHistoryEntry(
            sequence: Int(sequence), atMilliseconds: at, actor: actor, action: action, from: from, to: c.state,
            note: note, data: data, measure: measure, countedUnit: measure == nil ? nil : countedUnit)
        try db.insert(
            into: "case_history", columns: historyTable.names,
            row: historyTable.values(of: (countyCode: c.countyCode, caseID: c.id, entry: entry)))
        if let measure {
            try CaseRollups.count(
                CountedStep(
                    county: c.countyCode, region: c.regionCode, category: c.category, channel: c.channel.rawValue,
                    atMilliseconds: at, measure: measure.description, unit: entry.countedUnit), on: db)
        }
    }

    static func history(of c: CaseRecord, on db: any SQLConnection) throws -> [CaseHistoryEntry] {
        try db.query(
            "SELECT \(historyTable.selectList) FROM case_history WHERE county_code = ? AND case_id = ? ORDER BY seq",
            [.text(c.countyCode), .text(c.id)]
        ).map { try historyEntry(historyTable.row($0)) }
    }

    /// A step read with ``historyTable``'s columns. An unknown state reads as `reported` and
    /// unparsable data as `null`, so one odd row does not hide a case's history.
    static func historyEntry(_ row: NamedRow) throws -> CaseHistoryEntry {
        CaseHistoryEntry(
            sequence: Int(try row.integer("seq")), atMilliseconds: try row.integer("at_ms"),
            actor: try row.text("actor"),
            action: try row.text("action"), from: try row.optionalText("from_state").flatMap(CaseState.init(rawValue:)),
            to: CaseState(rawValue: try row.text("to_state")) ?? .reported, note: try row.optionalText("note"),
            data: (try? JSONValue.parse(try row.text("data"))) ?? .null,
            measure: try row.optionalText("measure").flatMap(CaseMeasure.init(text:)),
            countedUnit: try row.optionalText("counted_unit"))
    }

    /// A case as the journal records it.
    static func journalImage(_ c: CaseRecord) -> JSONValue {
        [
            "number": .string(c.number), "state": .string(c.state.rawValue), "category": .string(c.category),
            "region": .string(c.regionCode.digits), "unit": JSONValue(c.unit), "centre": .string(c.centreCode.digits),
            "due_at": c.dueAtMilliseconds.map { .number(Double($0)) } ?? .null,
        ]
    }
}

/// One step of a case's history (流转记录).
public struct CaseHistoryEntry: Sendable, Hashable {
    public var sequence: Int
    public var atMilliseconds: Int64
    public var actor: String
    public var action: String
    public var from: CaseState?
    public var to: CaseState
    /// Internal: staff see it, the reporter never does (except their own words on a rating).
    public var note: String?
    public var data: JSONValue
    /// What the step counted as in the rollups, if anything.
    public var measure: CaseMeasure?
    /// The unit whose counters the step advanced.
    public var countedUnit: String?

    /// Where a reply to the reporter (答复群众) is kept in ``data``.
    static let replyKey = "reply"

    /// The reply to the reporter this step carried, if any.
    public var reply: String? { data[Self.replyKey]?.stringValue }

    /// The step as its reporter sees it: the reply and the rating, the rating's comment (the
    /// reporter's own), and nothing internal.
    public var forReporter: CaseHistoryEntry {
        var entry = self
        entry.note = action == CaseAction.rate.rawValue ? note : nil
        var shown: [String: JSONValue] = [:]
        for key in [Self.replyKey, "rating", "reopened"] { shown[key] = data[key] }
        entry.data = .object(shown)
        return entry
    }
}

struct CaseCounterKey: Hashable, Comparable, Sendable {
    var county: String
    var day: String

    static func < (a: CaseCounterKey, b: CaseCounterKey) -> Bool { (a.county, a.day) < (b.county, b.day) }
}

/// A county's case counter of the day (`case_counters`), advanced by every case numbered that day.
enum CaseCounterRow: SharedRow {
    /// Creates the counter of a new day, or rewrites an existing one unchanged, which locks it.
    static func lockingRead(_ key: CaseCounterKey, on db: any SQLConnection) throws -> Int64 {
        let row = try db.queryOne(
            """
            INSERT INTO case_counters (county_code, day, last) VALUES (?, ?, 0)
            ON CONFLICT (county_code, day) DO UPDATE SET last = case_counters.last RETURNING last
            """, [.text(key.county), .text(key.day)])
        return try row?.integer(0) ?? 0
    }

    static func write(_ last: Int64, of key: CaseCounterKey) -> SQLStatement? {
        SQLStatement(
            "UPDATE case_counters SET last = ? WHERE county_code = ? AND day = ?",
            [.integer(last), .text(key.county), .text(key.day)])
    }

    static func advance(_ key: CaseCounterKey, from expected: Int64, to last: Int64) -> SQLStatement? {
        SQLStatement(
            "UPDATE case_counters SET last = ? WHERE county_code = ? AND day = ? AND last = ? RETURNING 1",
            [.integer(last), .text(key.county), .text(key.day), .integer(expected)])
    }
}

struct CaseKey: Hashable, Comparable, Sendable {
    var county: String
    var id: String

    static func < (a: CaseKey, b: CaseKey) -> Bool { (a.county, a.id) < (b.county, b.id) }
}

/// The last number given to a case's history rows: derived from the rows, so nothing is written
/// back, and a batch written while the one before commits reads it again (a number taken twice
/// fails the batch on the history's key, and it is replayed).
enum CaseHistorySequence: SharedRow {
    static func lockingRead(_ key: CaseKey, on db: any SQLConnection) throws -> Int64 {
        try db.queryOne(
            "SELECT COALESCE(MAX(seq), 0) FROM case_history WHERE county_code = ? AND case_id = ?",
            [.text(key.county), .text(key.id)])?.integer(0) ?? 0
    }

    static func write(_ last: Int64, of key: CaseKey) -> SQLStatement? { nil }
    static func advance(_ key: CaseKey, from expected: Int64, to last: Int64) -> SQLStatement? { nil }
    static var carriesOver: Bool { false }
}

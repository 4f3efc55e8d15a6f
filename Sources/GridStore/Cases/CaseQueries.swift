import Foundation
import GridCore

/// SQL for cases: one row per case, its history beside it, and a per-county, per-day counter for
/// the human case numbers.
enum CaseQueries {
    static let columns = """
        id, number, county_code, region_code, category, description, lat, lng, address, channel, reporter, reporter_phone, \
        discoverer, state, centre_code, unit, co_handlers, step, step_started_at, due_at, extension_hours, void_reason, \
        duplicate_of, likely_duplicates, reopened, rating, reported_at, updated_at, supervised_step, warn_at, urged_step, report_in_due, \
        dispatched_to_unit
        """

    static func decode(_ row: SQLRow) throws -> CaseRecord {
        func code(_ index: Int) throws -> RegionCode {
            let text = try row.text(index)
            do { return try RegionCode(text) } catch { throw StoreError.corrupt("case region code \(text)") }
        }
        func json<T: Decodable>(_ index: Int, _ type: T.Type) throws -> T {
            do { return try JSONDecoder().decode(T.self, from: Data(try row.text(index).utf8)) } catch {
                throw StoreError.corrupt("case column \(index): \(error)")
            }
        }
        var location: GeoPoint?
        if let lat = try row.optionalReal(6), let lng = try row.optionalReal(7) { location = GeoPoint(lat: lat, lng: lng) }
        guard let channel = CaseChannel(rawValue: try row.text(9)), let state = CaseState(rawValue: try row.text(13)) else {
            throw StoreError.corrupt("case \(try row.text(1)) channel or state")
        }
        return CaseRecord(
            id: try row.text(0), number: try row.text(1), countyCode: try row.text(2), regionCode: try code(3),
            category: try row.text(4), description: try row.text(5), location: location, address: try row.optionalText(8),
            channel: channel, reporter: try row.optionalText(10), reporterPhone: try row.optionalText(11),
            discoverer: try row.optionalText(12), state: state, centreCode: try code(14), unit: try row.optionalText(15),
            coHandlers: try json(16, [String: Bool].self), step: try row.optionalText(17).flatMap(CaseStep.init(rawValue:)),
            stepStartedAtMilliseconds: try row.integer(18), dueAtMilliseconds: try row.optionalInteger(19),
            extensionRequestedHours: try row.optionalReal(20), voidReason: try row.optionalText(21),
            duplicateOf: try row.optionalText(22), likelyDuplicates: try json(23, [String].self), reopened: try row.integer(24) != 0,
            rating: try row.optionalText(25).flatMap(CaseRating.init(rawValue:)), reportedAtMilliseconds: try row.integer(26),
            updatedAtMilliseconds: try row.integer(27), supervisedStep: try row.optionalText(28).flatMap(CaseStep.init(rawValue:)),
            warnAtMilliseconds: try row.optionalInteger(29), urgedStep: try row.optionalText(30).flatMap(CaseStep.init(rawValue:)),
            reportInDueAtMilliseconds: try row.optionalInteger(31), dispatchedToUnit: try row.integer(32) != 0)
    }

    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func values(_ c: CaseRecord, trackingHash: String?) -> [SQLValue] {
        [.text(c.id), .text(c.number), .text(c.countyCode), .text(c.regionCode.digits), .text(c.category), .text(c.description),
         SQLValue(c.location?.lat), SQLValue(c.location?.lng), SQLValue(c.address), .text(c.channel.rawValue), SQLValue(c.reporter),
         SQLValue(c.reporterPhone), SQLValue(c.discoverer), .text(c.state.rawValue), .text(c.centreCode.digits), SQLValue(c.unit),
         .text(JSONValue.object(c.coHandlers.mapValues(JSONValue.bool)).canonicalText), SQLValue(c.step?.rawValue), .integer(c.stepStartedAtMilliseconds), SQLValue(c.dueAtMilliseconds),
         SQLValue(c.extensionRequestedHours), SQLValue(c.voidReason), SQLValue(c.duplicateOf), .text(JSONValue.array(c.likelyDuplicates.map(JSONValue.string)).canonicalText),
         .integer(c.reopened ? 1 : 0), SQLValue(c.rating?.rawValue), .integer(c.reportedAtMilliseconds), .integer(c.updatedAtMilliseconds),
         SQLValue(c.supervisedStep?.rawValue), SQLValue(c.warnAtMilliseconds), SQLValue(c.urgedStep?.rawValue),
         SQLValue(c.reportInDueAtMilliseconds), .integer(c.dispatchedToUnit ? 1 : 0), SQLValue(trackingHash)]
    }

    /// The columns a new case is inserted with, in the order of ``values(_:trackingHash:)``; the
    /// tracking hash comes last.
    private static let insertColumns = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } + ["tracking_hash"]

    /// Inserts a new case; inside a group transaction the row is written at its write-back.
    static func insert(_ c: CaseRecord, trackingHash: String?, on db: any SQLConnection) throws {
        try db.insert(into: "cases", columns: insertColumns, row: values(c, trackingHash: trackingHash))
        db.group?.noteNewCase(c)
        db.openCases?.noteWritten(c)
    }

    /// Writes a changed case if nobody changed it since it was read (`updated_at` as the version).
    static func update(_ c: CaseRecord, previousUpdatedAt: Int64, on db: any SQLConnection) throws {
        let v = values(c, trackingHash: nil)
        let rows = try db.query("""
            UPDATE cases SET region_code = ?, lat = ?, lng = ?, state = ?, centre_code = ?, unit = ?, co_handlers = ?, step = ?,
            step_started_at = ?, due_at = ?, extension_hours = ?, void_reason = ?, duplicate_of = ?, reopened = ?, rating = ?,
            updated_at = ?, supervised_step = ?, warn_at = ?, urged_step = ?, report_in_due = ?, dispatched_to_unit = ?
            WHERE county_code = ? AND id = ? AND updated_at = ? RETURNING id
            """, [v[3], v[6], v[7], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[24], v[25], v[27], v[28],
                  v[29], v[30], v[31], v[32],
                  .text(c.countyCode), .text(c.id), .integer(previousUpdatedAt)])
        guard !rows.isEmpty else { throw StoreError.conflict("a newer change to case \(c.number) (reload and retry)") }
        db.openCases?.noteWritten(c)
    }

    static func find(number: String, on db: any SQLConnection) throws -> (CaseRecord, trackingHash: String?)? {
        let county = String(number.prefix(6))
        guard let row = try db.queryOne("SELECT \(columns), tracking_hash FROM cases WHERE county_code = ? AND number = ?",
                                        [.text(county), .text(number)]) else { return nil }
        return (try decode(row), try row.optionalText(insertColumns.count - 1))
    }

    /// The next number of the day in a county.
    static func nextNumber(county: String, day: CalendarDay, on db: any SQLConnection) throws -> String {
        CaseNumber.make(county: county, day: day, sequence: try reserveNumbers(county: county, day: day, count: 1, on: db))
    }

    /// Takes the next `count` sequence numbers of the day in a county at once and returns the first.
    static func reserveNumbers(county: String, day: CalendarDay, count: Int, on db: any SQLConnection) throws -> Int {
        let key = CaseCounterKey(county: county, day: day.description)
        if let group = db.group {
            // The counter row is read (and on PostgreSQL locked) once per group, then counted in memory.
            let last = try group.caseCounters[key] ?? takeNumbers(key, count: 0, on: db)
            group.caseCounters[key] = last + Int64(count)
            db.openCases?.noteCounter(key, from: last, to: last + Int64(count))
            return Int(last) + 1
        }
        let last = try takeNumbers(key, count: count, on: db)
        db.openCases?.noteCounter(key, from: last - Int64(count), to: last)
        return Int(last) - count + 1
    }

    /// Advances the counter by `count` (creating it for a new day) and returns its new last number.
    private static func takeNumbers(_ key: CaseCounterKey, count: Int, on db: any SQLConnection) throws -> Int64 {
        let row = try db.queryOne("""
            INSERT INTO case_counters (county_code, day, last) VALUES (?, ?, ?)
            ON CONFLICT (county_code, day) DO UPDATE SET last = case_counters.last + excluded.last RETURNING last
            """, [.text(key.county), .text(key.day), SQLValue(count)])
        return try row?.integer(0) ?? Int64(count)
    }

    static func counterWrite(_ key: CaseCounterKey, last: Int64) -> SQLStatement {
        SQLStatement("UPDATE case_counters SET last = ? WHERE county_code = ? AND day = ?", [.integer(last), .text(key.county), .text(key.day)])
    }

    /// Moves a counter the transaction did not lock, but only from `expected`: returns a row if it
    /// did (a predicted group transaction, ``GroupTransaction/Prediction``).
    static func counterAdvance(_ key: CaseCounterKey, from expected: Int64, to last: Int64) -> SQLStatement {
        SQLStatement("UPDATE case_counters SET last = ? WHERE county_code = ? AND day = ? AND last = ? RETURNING 1",
                     [.integer(last), .text(key.county), .text(key.day), .integer(expected)])
    }

    /// `'reported', 'accepted', …`: the open states for `state IN (…)`.
    static let openStatesSQL = CaseState.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    private static let historyColumns = ["county_code", "case_id", "seq", "at_ms", "actor", "action", "from_state", "to_state", "note", "data"]

    /// Appends the next step to a case's history; inside a group transaction the row is written at
    /// its write-back, numbered after the case's rows already given out in the group.
    static func appendHistory(_ c: CaseRecord, actor: String, action: String, from: CaseState?, note: String?, data: JSONValue,
                              at: Int64, on db: any SQLConnection) throws {
        let tail: [SQLValue] = [.integer(at), .text(actor), .text(action), SQLValue(from?.rawValue), .text(c.state.rawValue),
                                SQLValue(note), .text(data.canonicalText)]
        if let group = db.group {
            let key = CaseKey(county: c.countyCode, id: c.id)
            let sequence = try group.historySequences[key] ?? lastHistorySequence(key, on: db)
            group.historySequences[key] = sequence + 1
            try db.insert(into: "case_history", columns: historyColumns, row: [.text(c.countyCode), .text(c.id), .integer(sequence + 1)] + tail)
            return
        }
        try db.execute("""
            INSERT INTO case_history (\(historyColumns.joined(separator: ", ")))
            VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_history WHERE county_code = ? AND case_id = ?), ?, ?, ?, ?, ?, ?, ?)
            """, [.text(c.countyCode), .text(c.id), .text(c.countyCode), .text(c.id)] + tail)
    }

    private static func lastHistorySequence(_ key: CaseKey, on db: any SQLConnection) throws -> Int64 {
        try db.queryOne("SELECT COALESCE(MAX(seq), 0) FROM case_history WHERE county_code = ? AND case_id = ?",
                        [.text(key.county), .text(key.id)])?.integer(0) ?? 0
    }

    static func history(of c: CaseRecord, on db: any SQLConnection) throws -> [CaseHistoryEntry] {
        try db.query("""
            SELECT seq, at_ms, actor, action, from_state, to_state, note, data FROM case_history
            WHERE county_code = ? AND case_id = ? ORDER BY seq
            """, [.text(c.countyCode), .text(c.id)]).map { row in
            CaseHistoryEntry(sequence: Int(try row.integer(0)), atMilliseconds: try row.integer(1), actor: try row.text(2),
                             action: try row.text(3), from: try row.optionalText(4).flatMap(CaseState.init(rawValue:)),
                             to: CaseState(rawValue: try row.text(5)) ?? .reported, note: try row.optionalText(6),
                             data: (try? JSONValue.parse(try row.text(7))) ?? .null)
        }
    }

    /// A case as the journal records it.
    static func journalImage(_ c: CaseRecord) -> JSONValue {
        ["number": .string(c.number), "state": .string(c.state.rawValue), "category": .string(c.category),
         "region": .string(c.regionCode.digits), "unit": JSONValue(c.unit), "centre": .string(c.centreCode.digits),
         "due_at": c.dueAtMilliseconds.map { .number(Double($0)) } ?? .null]
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
    public var note: String?
    public var data: JSONValue
}

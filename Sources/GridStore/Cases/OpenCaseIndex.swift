import GridCore
import Synchronization

/// 查重 from memory: the located open cases of the duplicate window, by county, category and place
/// cell, so that the intake writer finds a report's likely originals with a few dictionary lookups
/// instead of a query.
///
/// The query was the largest single cost of intake: on SQLite ~33 µs of the serial writer's ~126 µs
/// per case; on PostgreSQL a round trip before each report queued, which with the query's own work
/// was over half of all the CPU that intake into the store used.
///
/// What it holds is what has committed. Every write transaction carries an
/// ``OpenCasesInTransaction`` that notes each case the transaction inserts or changes
/// (`CaseQueries.insert` and `update`, the only writers of a case's row) and each case counter it
/// advances; the notes reach the index when the transaction commits, and are dropped with it or
/// with a savepoint rolled back. (On PostgreSQL the group writer hands a batch's notes over just
/// before its COMMIT, so that the batch it writes meanwhile sees them; if that commit fails, the
/// index forgets those counties and reads them again.) A county read from the table inside a
/// transaction leaves out that transaction's own rows, which arrive with its notes. A county is
/// read on its first lookup, and brought up to date when someone else may have written to it:
/// - SQLite: reread when another connection has committed to the file (`PRAGMA data_version`),
///   such as a `gridgov` command beside a running server. There is one writer, so this is exact.
/// - PostgreSQL, where several servers may share the database: when the county's case counter of
///   the day, which the report has just locked, is not where this server's own commits left it, the
///   cases numbered meanwhile are fetched by number (a case another server numbered that day is
///   never missed); and the county is reread at least every ``otherServersLagMilliseconds``. Within
///   that lag a case may still be named after another server closed or merged it, and, rarely, after
///   this server did: its own transactions commit concurrently on several connections, so their notes
///   can reach the index in another order than their commits, or beside a county being reread.
///   Likely duplicates are advice to the operator who decides on a merge; the lag bounds the error.
final class OpenCaseIndex: Sendable {
    /// PostgreSQL: how long a county read from the table is trusted for state changes made by other servers.
    static let otherServersLagMilliseconds: Int64 = 5_000

    /// How a transaction tells whether the index may have missed someone else's writes.
    enum Freshness {
        /// SQLite's count of commits by other connections.
        case dataVersion(Int64)
        /// The county's case counter of `day` as this transaction found it before numbering its
        /// own reports (`nil`: not taken), and the time now.
        case caseCounter(day: CalendarDay, before: Int64?, now: Int64)
    }

    /// A likely original as the duplicate check needs it.
    struct Entry {
        var id: String
        var number: String
        var location: GeoPoint
        var reportedAt: Int64

        /// Reported after `since` within the duplicate radius of `point`.
        func isNear(_ point: GeoPoint, since: Int64) -> Bool {
            reportedAt > since && GeoPoint.distanceMetres(point, location) <= ScopedStore.duplicateRadiusMetres
        }
    }

    /// One county's open located cases reported after `since`.
    struct County {
        var since: Int64
        /// Category → place cell → cases.
        var cells: [String: [Int64: [Entry]]] = [:]
        /// Case id → where its entry is, to move or drop it when the case changes.
        var places: [String: (category: String, cell: Int64)] = [:]
        /// Entries are swept out of the window when there are this many.
        var sweepAt = 4_096
        /// PostgreSQL: day → the case counter as this server's commits left it.
        var counters: [String: Int64] = [:]
        var loadedAt: Int64 = 0

        init(since: Int64) { self.since = since }

        mutating func insert(_ entry: Entry, category: String) {
            remove(id: entry.id)
            let cell = PlaceCell.key(of: entry.location)
            cells[category, default: [:]][cell, default: []].append(entry)
            places[entry.id] = (category, cell)
        }

        /// Moves, adds or drops a case's entry after a write to the case.
        mutating func apply(_ record: CaseRecord) {
            guard let entry = Entry(record), entry.reportedAt > since else { return remove(id: record.id) }
            insert(entry, category: record.category)
        }

        mutating func remove(id: String) {
            guard let (category, cell) = places.removeValue(forKey: id) else { return }
            cells[category]?[cell]?.removeAll { $0.id == id }
            if cells[category]?[cell]?.isEmpty == true { cells[category]?[cell] = nil }
        }

        /// Drops what was reported at or before `since`. What is kept stays until the index has doubled.
        mutating func sweep(since: Int64) {
            var kept = County(since: max(self.since, since))
            (kept.counters, kept.loadedAt) = (counters, loadedAt)
            for (category, cells) in cells {
                for entry in cells.values.joined() where entry.reportedAt > kept.since {
                    kept.insert(entry, category: category)
                }
            }
            kept.sweepAt = max(kept.sweepAt, kept.places.count * 2)
            self = kept
        }
    }

    private struct State {
        var counties: [String: County] = [:]
        /// SQLite's count of commits by other connections, when the counties were read.
        var dataVersion: Int64?
    }

    private let state = Mutex(State())

    init() {}

    /// Takes in what a transaction wrote, once it has committed: its cases in the order written, and
    /// the case counters it advanced, from where it found them to where it left them.
    func commit(_ written: [CaseRecord], counters: [CaseCounterKey: ClosedRange<Int64>]) {
        state.withLock { state in
            for record in written { state.counties[record.countyCode]?.apply(record) }
            for (key, range) in counters where state.counties[key.county] != nil {
                // From where the index knew it: it knows where it is now. Otherwise someone numbered cases unseen.
                let known = state.counties[key.county]?.counters[key.day] == range.lowerBound
                state.counties[key.county]?.counters[key.day] = known ? range.upperBound : nil
            }
        }
    }

    /// Forgets counties, to be read again from the table: what a failed commit had published early
    /// (``OpenCasesInTransaction/publish()``) may not have committed.
    func forget(counties: Set<String>) {
        state.withLock { state in
            for county in counties { state.counties[county] = nil }
        }
    }

    /// Open cases of `category` within the duplicate radius of `location` in `county` reported after
    /// `since`, as committed before this transaction, leaving out the cases `ownWrites` names (the
    /// transaction lays its own writes over this). Brings the county up to date first if it is not
    /// held or someone else may have written to it (``Freshness``), unless `mayRead` is false: a
    /// batch written from a prediction (``WriteTransaction/startedFromPrediction``) runs while the
    /// batch before it commits, whose rows a read would miss, so it throws ``PredictionMissed``.
    func nearby(
        category: String, location: GeoPoint, county: String, since: Int64, freshness: Freshness, mayRead: Bool,
        ownWrites: (String) -> Bool, on db: any SQLConnection
    ) throws -> [Entry] {
        let staleness = state.withLock { state -> Staleness in
            if case .dataVersion(let version) = freshness, state.dataVersion != version {
                state.counties = [:]
                state.dataVersion = version
            }
            guard let held = state.counties[county], held.since <= since else { return .unknown }
            guard case .caseCounter(let day, let before, let now) = freshness else { return .fresh }
            guard let before, let known = held.counters[day.description],
                now - held.loadedAt < Self.otherServersLagMilliseconds,
                known <= before, before - known <= Self.catchUpLimit
            else { return .unknown }
            return known == before ? .fresh : .numberedElsewhere(known + 1...before)
        }
        let isFresh = if case .fresh = staleness { true } else { false }
        guard isFresh || mayRead else { throw PredictionMissed() }
        switch staleness {
        case .fresh:
            break
        case .numberedElsewhere(let sequences):
            guard case .caseCounter(let day, _, _) = freshness else { break }
            let numbered = try Self.cases(
                numbered: sequences.map { CaseNumber.make(county: county, day: day, sequence: Int($0)) },
                in: county, on: db)
            state.withLock { state in
                for (entry, category) in numbered where !ownWrites(entry.id) {
                    state.counties[county]?.insert(entry, category: category)
                }
                state.counties[county]?.counters[day.description] = sequences.upperBound
            }
        case .unknown:
            var loaded = try Self.load(
                county: county, since: since - Self.slackMilliseconds, excluding: ownWrites, on: db)
            if case .caseCounter(let day, let before, let now) = freshness {
                loaded.loadedAt = now
                loaded.counters[day.description] = before
            }
            state.withLock { $0.counties[county] = loaded }
        }
        let rows = PlaceCell.neighbourhood(of: location, metres: ScopedStore.duplicateRadiusMetres)
        return state.withLock { state -> [Entry] in
            if let held = state.counties[county], held.places.count >= held.sweepAt {
                state.counties[county]?.sweep(since: since - Self.slackMilliseconds)
            }
            guard let category = state.counties[county]?.cells[category] else { return [] }
            var found: [Entry] = []
            for row in rows {
                for cell in row {
                    for entry in category[cell] ?? [] where entry.isNear(location, since: since) && !ownWrites(entry.id)
                    {
                        found.append(entry)
                    }
                }
            }
            return found
        }
    }

    private enum Staleness {
        case fresh
        /// PostgreSQL: other servers numbered these cases of the day since this one's last commit.
        case numberedElsewhere(ClosedRange<Int64>)
        case unknown
    }

    /// How many cases numbered elsewhere are fetched by number rather than by rereading the county.
    static let catchUpLimit: Int64 = 500
    /// Reports queue in about, not exactly, the order of their times: a county is read and swept a
    /// minute further back than asked, so a report a little older than the last one need not reread it.
    static let slackMilliseconds: Int64 = 60_000

    private static let columns = "id, number, category, lat, lng, reported_at, state"

    /// An open located case from a row of ``columns``, with its category; `nil` otherwise.
    private static func entry(_ row: SQLRow) throws -> (Entry, category: String)? {
        guard let lat = try row.optionalReal(3), let lng = try row.optionalReal(4),
            CaseState(rawValue: try row.text(6))?.isOpen == true
        else { return nil }
        return (
            Entry(
                id: try row.text(0), number: try row.text(1), location: GeoPoint(lat: lat, lng: lng),
                reportedAt: try row.integer(5)),
            try row.text(2)
        )
    }

    /// A county's open located cases reported after `since`, from the table (index `cases_by_time`),
    /// but for those this transaction wrote: they reach the index when it commits, if it does.
    private static func load(
        county: String, since: Int64, excluding ownWrites: (String) -> Bool, on db: any SQLConnection
    ) throws -> County {
        var loaded = County(since: since)
        for row in try db.query(
            """
            SELECT \(columns) FROM cases WHERE county_code = ? AND reported_at > ?
            AND lat IS NOT NULL AND state IN (\(CaseQueries.openStatesSQL))
            """, [.text(county), .integer(since)])
        {
            guard let (entry, category) = try Self.entry(row), !ownWrites(entry.id) else { continue }
            loaded.insert(entry, category: category)
        }
        loaded.sweepAt = max(loaded.sweepAt, loaded.places.count * 2)
        return loaded
    }

    /// The open located cases among `numbers` (index on the county and number), 100 numbers a statement.
    private static func cases(numbered numbers: [String], in county: String, on db: any SQLConnection) throws -> [(
        Entry, category: String
    )] {
        var found: [(Entry, category: String)] = []
        for start in stride(from: 0, to: numbers.count, by: 100) {
            let chunk = numbers[start..<min(start + 100, numbers.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try db.query(
                "SELECT \(columns) FROM cases WHERE county_code = ? AND number IN (\(placeholders))",
                [.text(county)] + chunk.map(SQLValue.text))
            {
                if let numbered = try Self.entry(row) { found.append(numbered) }
            }
        }
        return found
    }
}

extension OpenCaseIndex.Entry {
    /// A case as the index holds it: `nil` unless it is open and located.
    init?(_ record: CaseRecord) {
        guard record.state.isOpen, let location = record.location else { return nil }
        self.init(id: record.id, number: record.number, location: location, reportedAt: record.reportedAtMilliseconds)
    }
}

/// The open-case index as one write transaction sees it: what committed before it, with the cases
/// this transaction wrote laid over it. Its notes reach the index when the transaction commits.
final class OpenCasesInTransaction: TransactionParticipant {
    private let index: OpenCaseIndex
    /// Cases written by this transaction, in the order written.
    private(set) var written: [CaseRecord] = []
    /// Case counters this transaction advanced: where it found each, and where it left it.
    private(set) var counters: [CaseCounterKey: ClosedRange<Int64>] = [:]
    /// Case id → what the latest write of it leaves for the duplicate check, kept as cases are
    /// noted: rebuilding it from ``written`` at every report of a batch cost more than the lookup.
    private var overlay: [String: Overlay] = [:]
    private var dataVersion: Int64?
    private var published = false

    private struct Overlay {
        var county: String
        var category: String
        /// `nil` once the case is not open.
        var entry: OpenCaseIndex.Entry?

        init(_ record: CaseRecord) {
            (county, category, entry) = (record.countyCode, record.category, OpenCaseIndex.Entry(record))
        }
    }

    static func makeShared() -> OpenCaseIndex { OpenCaseIndex() }

    init(shared index: OpenCaseIndex) {
        self.index = index
    }

    func committed() { publish() }
    func rolledBack() { retract() }

    func savepoint() -> () -> Void {
        let mark = self.mark
        return { [self] in rollBack(to: mark) }
    }

    /// Whether the transaction wrote anything the index must learn of.
    var isEmpty: Bool { written.isEmpty && counters.isEmpty }

    /// Hands the notes to the index, once: after COMMIT, or on PostgreSQL just before it, by the
    /// group writer, so that the batch it writes next sees them. ``retract()`` undoes that if the
    /// commit then fails.
    func publish() {
        guard !published, !isEmpty else { return }
        published = true
        index.commit(written, counters: counters)
    }

    /// After a failed commit: the index forgets the counties of what ``publish()`` handed it.
    func retract() {
        guard published else { return }
        published = false
        index.forget(counties: Set(written.map(\.countyCode) + counters.keys.map(\.county)))
    }

    /// Notes a case this transaction inserted or changed.
    func noteWritten(_ record: CaseRecord) {
        written.append(record)
        overlay[record.id] = Overlay(record)
    }

    /// Notes that this transaction moved a case counter from `before` to `after`.
    func noteCounter(_ key: CaseCounterKey, from before: Int64, to after: Int64) {
        counters[key] = (counters[key]?.lowerBound ?? before)...after
    }

    /// What is noted so far, to forget what comes after it when a savepoint rolls back.
    struct Mark {
        fileprivate let written: Int
        fileprivate let counters: [CaseCounterKey: ClosedRange<Int64>]
    }

    var mark: Mark { Mark(written: written.count, counters: counters) }

    func rollBack(to mark: Mark) {
        written.removeSubrange(mark.written...)
        counters = mark.counters
        overlay = Dictionary(written.map { ($0.id, Overlay($0)) }, uniquingKeysWith: { $1 })
    }

    /// The likely originals of a report numbered in `county` on `day`, as a query would find them
    /// inside this transaction. On PostgreSQL the report takes its number first: the counter it
    /// locks tells whether another server numbered cases the index has not seen.
    func nearby(
        category: String, location: GeoPoint?, county: String, day: CalendarDay, now: Int64,
        on db: any SQLConnection
    ) throws -> [ScopedStore.NearbyCase] {
        guard let location else { return [] }
        let freshness: OpenCaseIndex.Freshness
        switch db.dialect {
        case .sqlite:
            // Another connection can commit only before this transaction's first read, so once is enough.
            let version = try dataVersion ?? db.queryOne("PRAGMA data_version")?.integer(0) ?? 0
            dataVersion = version
            freshness = .dataVersion(version)
        case .postgres:
            let before = counters[CaseCounterKey(county: county, day: day.description)]?.lowerBound
            freshness = .caseCounter(day: day, before: before, now: now)
        }
        let since = now - ScopedStore.duplicateWindowMilliseconds
        var found = try index.nearby(
            category: category, location: location, county: county, since: since, freshness: freshness,
            mayRead: db.transaction?.startedFromPrediction != true, ownWrites: { self.overlay[$0] != nil }, on: db
        )
        .map { ($0.number, $0.reportedAt) }
        for written in overlay.values where written.county == county && written.category == category {
            if let entry = written.entry, entry.isNear(location, since: since) {
                found.append((entry.number, entry.reportedAt))
            }
        }
        return found
    }
}

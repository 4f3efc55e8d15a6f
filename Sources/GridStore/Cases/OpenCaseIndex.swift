import GridCore
import Synchronization

/// 查重 from memory: the located open cases of the duplicate window, by county, category and place
/// cell, so that SQLite's single writer finds a report's likely originals with a few dictionary
/// lookups instead of a query.
///
/// The query was the largest single cost of intake on SQLite: ~33 µs of the serial writer's ~126 µs
/// per case, and intake over HTTP ran 15 % faster without it. PostgreSQL, which may have several
/// servers writing, keeps the query (``ScopedStore/nearbyOpenCases(category:location:county:now:on:)``).
///
/// What it holds is what has committed. Every write transaction on SQLite carries a
/// ``OpenCasesInTransaction`` that notes each case the transaction inserts or changes
/// (`CaseQueries.insert` and `update`, the only writers of a case's row); the notes reach the index
/// when the transaction commits, and are dropped with it or with a savepoint rolled back. A county is
/// read from the table on its first lookup, and read again when another process has committed to
/// the file since (`PRAGMA data_version`), so a case written by `gridgov` commands beside a running
/// server is never missed.
public final class OpenCaseIndex: Sendable {
    /// A likely original as the duplicate check needs it.
    struct Entry {
        var id: String
        var number: String
        var location: GeoPoint
        var reportedAt: Int64

        /// Reported after `since` within the duplicate radius of `point`.
        func isNear(_ point: GeoPoint, since: Int64) -> Bool {
            reportedAt > since && DispatchRule.distanceMetres(point, location) <= ScopedStore.duplicateRadiusMetres
        }

        init(id: String, number: String, location: GeoPoint, reportedAt: Int64) {
            (self.id, self.number, self.location, self.reportedAt) = (id, number, location, reportedAt)
        }

        /// A case as the index holds it: `nil` unless it is open and located.
        init?(_ record: CaseRecord) {
            guard record.state.isOpen, let location = record.location else { return nil }
            self.init(id: record.id, number: record.number, location: location, reportedAt: record.reportedAtMilliseconds)
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

        init(since: Int64) { self.since = since }

        mutating func insert(_ entry: Entry, category: String) {
            let cell = PlaceCell.key(of: entry.location)
            cells[category, default: [:]][cell, default: []].append(entry)
            places[entry.id] = (category, cell)
        }

        /// Moves, adds or drops a case's entry after a write to the case.
        mutating func apply(_ record: CaseRecord) {
            remove(id: record.id)
            guard let entry = Entry(record), entry.reportedAt > since else { return }
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
            for (category, cells) in cells {
                for entry in cells.values.joined() where entry.reportedAt > kept.since { kept.insert(entry, category: category) }
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

    public init() {}

    /// Takes in the cases a transaction wrote, in the order written, once it has committed.
    func commit(_ written: [CaseRecord]) {
        state.withLock { state in
            for record in written { state.counties[record.countyCode]?.apply(record) }
        }
    }

    /// Whether `county` is held, so that a transaction's notes about it matter.
    func holds(_ county: String) -> Bool {
        state.withLock { $0.counties[county] != nil }
    }

    /// Open cases of `category` within the duplicate radius of `location` in `county` reported after
    /// `since`, as committed before this transaction; reads the county from the table first if it
    /// is not held, or if another process committed since it was read.
    func nearby(category: String, location: GeoPoint, county: String, since: Int64, dataVersion: Int64,
                on db: any SQLConnection) throws -> [Entry] {
        let held = state.withLock { state -> Bool in
            if state.dataVersion != dataVersion {
                state.counties = [:]
                state.dataVersion = dataVersion
            }
            guard let held = state.counties[county], held.since <= since else { return false }
            return true
        }
        if !held {
            let loaded = try Self.load(county: county, since: since, on: db)
            state.withLock { $0.counties[county] = loaded }
        }
        let rows = PlaceCell.neighbourhood(of: location, metres: ScopedStore.duplicateRadiusMetres)
        return state.withLock { state -> [Entry] in
            if let held = state.counties[county], held.places.count >= held.sweepAt { state.counties[county]?.sweep(since: since) }
            guard let category = state.counties[county]?.cells[category] else { return [] }
            var found: [Entry] = []
            for row in rows {
                for cell in row {
                    for entry in category[cell] ?? [] where entry.isNear(location, since: since) { found.append(entry) }
                }
            }
            return found
        }
    }

    /// A county's open located cases reported after `since`, from the table (index `cases_by_time`).
    private static func load(county: String, since: Int64, on db: any SQLConnection) throws -> County {
        var loaded = County(since: since)
        for row in try db.query("""
            SELECT id, number, category, lat, lng, reported_at FROM cases WHERE county_code = ? AND reported_at > ?
            AND lat IS NOT NULL AND state IN (\(CaseQueries.openStatesSQL))
            """, [.text(county), .integer(since)]) {
            guard let lat = try row.optionalReal(3), let lng = try row.optionalReal(4) else { continue }
            loaded.insert(Entry(id: try row.text(0), number: try row.text(1), location: GeoPoint(lat: lat, lng: lng),
                                reportedAt: try row.integer(5)), category: try row.text(2))
        }
        loaded.sweepAt = max(loaded.sweepAt, loaded.places.count * 2)
        return loaded
    }
}

/// The open-case index as one SQLite write transaction sees it: what committed before it, with the
/// cases this transaction wrote laid over it. `SQLiteDatabase` hands ``written`` to the index when
/// the transaction commits.
public final class OpenCasesInTransaction {
    private let index: OpenCaseIndex
    /// Cases written by this transaction in a county the index holds, in the order written.
    private(set) var written: [CaseRecord] = []
    /// Case id → what the latest write of it leaves for the duplicate check, kept as cases are
    /// noted: rebuilding it from ``written`` at every report of a batch cost more than the lookup.
    private var overlay: [String: Overlay] = [:]
    private var dataVersion: Int64?

    private struct Overlay {
        var county: String
        var category: String
        /// `nil` once the case is not open.
        var entry: OpenCaseIndex.Entry?

        init(_ record: CaseRecord) {
            (county, category, entry) = (record.countyCode, record.category, OpenCaseIndex.Entry(record))
        }
    }

    init(index: OpenCaseIndex) {
        self.index = index
    }

    /// Notes a case this transaction inserted or changed.
    func noteWritten(_ record: CaseRecord) {
        // A county the index does not hold is read from the table, this transaction's rows included.
        guard index.holds(record.countyCode) else { return }
        written.append(record)
        overlay[record.id] = Overlay(record)
    }

    /// How many writes are noted, to forget those after it when a savepoint rolls back.
    var mark: Int { written.count }

    func rollBack(to mark: Int) {
        written.removeSubrange(mark...)
        overlay = Dictionary(written.map { ($0.id, Overlay($0)) }, uniquingKeysWith: { $1 })
    }

    /// The likely originals of a report, as the query would find them inside this transaction.
    func nearby(category: String, location: GeoPoint?, county: String, now: Int64, on db: any SQLConnection) throws -> [ScopedStore.NearbyCase] {
        guard let location else { return [] }
        // Another connection can commit only before this transaction's first read, so once is enough.
        let version = try dataVersion ?? db.queryOne("PRAGMA data_version")?.integer(0) ?? 0
        dataVersion = version
        let since = now - ScopedStore.duplicateWindowMilliseconds
        var found = try index.nearby(category: category, location: location, county: county, since: since, dataVersion: version, on: db)
            .compactMap { overlay[$0.id] == nil ? ($0.number, $0.reportedAt) : nil }
        for written in overlay.values where written.county == county && written.category == category {
            if let entry = written.entry, entry.isNear(location, since: since) { found.append((entry.number, entry.reportedAt)) }
        }
        return found
    }
}

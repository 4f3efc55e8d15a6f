import Foundation
import GridCore
import Logging
import Synchronization

/// Where the store lives: an SQLite file in a data folder (the default) or a PostgreSQL URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(directory: String)
    case postgres(url: String)

    /// `--database URL` wins over `--data DIR`.
    public static func resolve(dataDirectory: String?, databaseURL: String?) -> StoreLocation {
        if let databaseURL, !databaseURL.isEmpty { return .postgres(url: databaseURL) }
        return .sqlite(directory: dataDirectory ?? "./gridgov-data")
    }
}

/// The store: one interface over SQLite and PostgreSQL. Territory-wide operations (imports, the
/// demo, accounts) live here; everything a request reads goes through ``scoped(to:)``, which bounds
/// it by the caller's region subtree or department.
public final class GridStore: Sendable {
    public let database: any GridDatabase
    public let now: NowProvider
    /// The working calendar time limits are counted on: the shipped one with administrators'
    /// overrides (see `reloadCalendar()`).
    public var calendar: WorkingCalendar { calendarState.withLock { $0 } }
    /// The calendar this store was created with, before overrides.
    let baseCalendar: WorkingCalendar
    let calendarState: Mutex<WorkingCalendar>
    let locator: GridLocator
    /// Case intake goes through group commit (see ``GroupCommitWriter``).
    public let intakeWriter: GroupCommitWriter
    /// The catalogue and when it was read (see `catalogue()`).
    let catalogueCache = Mutex<(CaseCatalogue, Int64)?>(nil)
    /// The regions in emergency and when they were read (see `emergencies()`).
    let emergencyCache = Mutex<(EmergencyMap, Int64)?>(nil)
    let countsIntakeState = Mutex(true)

    /// Whether intake counts its reports in the decision-support rollups: off only to measure what
    /// counting costs (`gridgov bench intake-store --without-rollups`).
    @_spi(Seeding) public var countsIntake: Bool {
        get { countsIntakeState.withLock { $0 } }
        set { countsIntakeState.withLock { $0 = newValue } }
    }
    /// Live case changes for command-centre screens.
    public let events = CaseEvents()
    /// API tokens recently seen, by digest, with when they were read.
    let tokenCache = Mutex<[String: (Caller, Int64)]>([:])
    /// Each county's address matcher (see `addressMatcher(county:)`), dropped when its addresses change.
    let addressMatchers = Mutex<[String: AddressMatcher]>([:])
    /// The keys identity numbers and phones are sealed with (see `useProtection(_:)`).
    let protection = Mutex<ProtectedFields?>(nil)

    public init(database: any GridDatabase, now: NowProvider = .system, calendar: WorkingCalendar = .china) {
        self.database = database
        self.now = now
        baseCalendar = calendar
        calendarState = Mutex(calendar)
        locator = GridLocator(database: database)
        intakeWriter = GroupCommitWriter(database: database)
    }

    /// Opens (creating if needed) the store and brings its schema up to date.
    public static func open(
        _ location: StoreLocation, now: NowProvider = .system, logger: Logger = Logger(label: "gridgov.store")
    ) async throws -> GridStore {
        let database: any GridDatabase
        switch location {
        case .sqlite(let directory):
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.configuration("cannot create data folder \(directory): \(error.localizedDescription)")
            }
            database = try SQLiteDatabase(path: (directory as NSString).appendingPathComponent("gridgov.sqlite"))
        case .postgres(let url):
            database = try PostgresDatabase(url: url, logger: logger)
        }
        let store = GridStore(database: database, now: now)
        do {
            let applied = try await Migrations.run(on: database, now: now.epochMilliseconds)
            if !applied.isEmpty { logger.info("applied migrations \(applied)") }
            try await store.reloadCalendar()
            try await store.rebuildRollupsAfterMigration(applied: applied)
        } catch {
            try? await database.close()
            throw error
        }
        return store
    }

    public func close() async throws { try await database.close() }

    /// Reads and writes on behalf of `caller`, bounded by its scope.
    public func scoped(to caller: Caller) -> ScopedStore { ScopedStore(store: self, caller: caller) }

    /// Builds the grid index now rather than on the first lookup.
    public func warmUpLocator() { locator.warmUp() }

    /// True when no region has been stored yet (a new store).
    public func isEmpty() async throws -> Bool {
        try await database.read { db in try db.queryOne("SELECT 1 FROM regions LIMIT 1") == nil }
    }
}

import Foundation
import GridCore
import GridStore
import Logging
import PostgresNIO
import Synchronization

/// A backend the store tests run against. PostgreSQL joins when `GRIDGOV_TEST_POSTGRES_URL` names a
/// server (scripts/test starts one); with `GRIDGOV_REQUIRE_POSTGRES=1` its absence is a failure.
/// Citus (distributed PostgreSQL) joins when `GRIDGOV_TEST_CITUS_URL` names a coordinator.
/// `GRIDGOV_TEST_BACKENDS=citus` (a comma-separated list) runs the suites on those alone.
public enum Backend: String, Sendable, CaseIterable {
    case sqlite
    case postgres
    case citus

    /// PostgreSQL itself or Citus, which speaks its protocol and SQL.
    public var speaksPostgres: Bool { self != .sqlite }

    public static let postgresURL = ProcessInfo.processInfo.environment["GRIDGOV_TEST_POSTGRES_URL"]
    public static let citusURL = ProcessInfo.processInfo.environment["GRIDGOV_TEST_CITUS_URL"]

    /// The backends available in this run.
    public static var available: [Backend] {
        if let chosen = ProcessInfo.processInfo.environment["GRIDGOV_TEST_BACKENDS"] {
            return chosen.split(separator: ",").compactMap { Backend(rawValue: String($0)) }
        }
        var backends: [Backend] = [.sqlite]
        if postgresURL != nil || ProcessInfo.processInfo.environment["GRIDGOV_REQUIRE_POSTGRES"] == "1" {
            backends.append(.postgres)
        }
        if citusURL != nil { backends.append(.citus) }
        return backends
    }
}

/// A fresh, empty store on a backend, removed afterwards: a temporary folder for SQLite, a new
/// database (created with `psql`) for PostgreSQL.
public struct TestStore: Sendable {
    public let store: GridStore
    public let backend: Backend
    /// Where the store is, to open a second one on it (another server, or a command beside one).
    public let location: StoreLocation
    private let cleanup: @Sendable () async -> Void

    /// A clock tests move by hand.
    public let clock: TestClock

    public static func make(_ backend: Backend, clock: TestClock = TestClock()) async throws -> TestStore {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gridgov-test-\(UUID().uuidString)"
            ).path
            let store = try await GridStore.open(.sqlite(directory: directory), now: clock.provider)
            return TestStore(
                store: store, backend: backend, location: .sqlite(directory: directory),
                cleanup: {
                    try? await store.close()
                    try? FileManager.default.removeItem(atPath: directory)
                }, clock: clock)
        case .postgres, .citus:
            let (url, drop) = try await (backend == .citus ? newCitusSchema() : newDatabase())
            let store: GridStore
            do { store = try await GridStore.open(.postgres(url: url), now: clock.provider) } catch {
                await drop()
                throw error
            }
            return TestStore(
                store: store, backend: backend, location: .postgres(url: url),
                cleanup: {
                    try? await store.close()
                    await drop()
                }, clock: clock)
        }
    }

    /// Runs `body` with a fresh store and always removes it.
    public static func with<T: Sendable>(
        _ backend: Backend, clock: TestClock = TestClock(),
        _ body: (TestStore) async throws -> T
    ) async throws -> T {
        // A Citus store takes seconds of DDL on every node: a few at a time go faster than all at once.
        if backend == .citus { await CitusStores.gate.enter() }
        defer { if backend == .citus { Task { await CitusStores.gate.leave() } } }
        let test = try await make(backend, clock: clock)
        do {
            let result = try await body(test)
            await test.cleanup()
            return result
        } catch {
            await test.cleanup()
            throw error
        }
    }

    /// Runs `body` with where a store could be and is not yet (a data folder that does not exist, or
    /// a new database without tables), and always removes whatever was put there.
    public static func withEmptyLocation<T: Sendable>(_ backend: Backend, _ body: (StoreLocation) async throws -> T)
        async throws -> T
    {
        let location: StoreLocation
        let cleanup: @Sendable () async -> Void
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gridgov-test-\(UUID().uuidString)"
            ).path
            (location, cleanup) = (
                .sqlite(directory: directory), { try? FileManager.default.removeItem(atPath: directory) }
            )
        case .postgres, .citus:
            let (url, drop) = try await (backend == .citus ? newCitusSchema() : newDatabase())
            (location, cleanup) = (.postgres(url: url), drop)
        }
        do {
            let result = try await body(location)
            await cleanup()
            return result
        } catch {
            await cleanup()
            throw error
        }
    }

    /// Runs `body` with a second store opened on the same file or database, as another server or a
    /// `gridgov` command beside this one, and always closes it.
    public func withStoreBeside<T: Sendable>(_ body: (GridStore) async throws -> T) async throws -> T {
        let beside = try await GridStore.open(location, now: clock.provider)
        do {
            let result = try await body(beside)
            try await beside.close()
            return result
        } catch {
            try? await beside.close()
            throw error
        }
    }

    /// The same store with the demo county and its accounts (password `demo`).
    public func withDemo() async throws -> TestStore {
        let territory = try DemoTerritory(scale: .county, seed: 7)
        let system = Caller.system("test")
        try await store.saveRegions(territory.regions, by: system)
        try await store.saveDepartments(territory.departments.map { ($0.code, $0.name) }, by: system)
        for account in territory.accounts {
            try await store.addUser(
                Account(
                    username: account.username, displayName: account.displayName, role: account.role,
                    scope: account.scope), password: "demo", by: system)
        }
        return self
    }

    /// A new database on the test server, and how to drop it. Its URL keeps the pool small: the
    /// suites run many stores at once, each with a thread per connection.
    static func newDatabase() async throws -> (url: String, drop: @Sendable () async -> Void) {
        guard let adminURL = Backend.postgresURL else {
            throw TestSupportError("GRIDGOV_REQUIRE_POSTGRES=1 but GRIDGOV_TEST_POSTGRES_URL is not set")
        }
        let name = "gridgov_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await execute(adminURL, "CREATE DATABASE \(name)")
        return (
            url(adminURL, database: name, poolSize: 4),
            { try? await execute(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        )
    }

    /// A new schema on the Citus coordinator (Citus makes it on every node), and how to drop it.
    /// Its sessions find their tables there first, and its tables take two shards each: a test's
    /// county is on one shard either way, and a store's dozens of tables distribute in seconds.
    static func newCitusSchema() async throws -> (url: String, drop: @Sendable () async -> Void) {
        guard let coordinatorURL = Backend.citusURL, var components = URLComponents(string: coordinatorURL) else {
            throw TestSupportError("GRIDGOV_TEST_CITUS_URL is not set")
        }
        let name = "gridgov_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await execute(coordinatorURL, "CREATE SCHEMA \(name)")
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "pool_max_conns", value: "4"),
                URLQueryItem(name: "options", value: "-c search_path=\(name) -c citus.shard_count=2"),
            ]
        return (
            components.string ?? coordinatorURL,
            { try? await execute(coordinatorURL, "DROP SCHEMA IF EXISTS \(name) CASCADE") }
        )
    }

    static func url(_ adminURL: String, database: String, poolSize: Int) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        components.queryItems =
            (components.queryItems ?? []) + [URLQueryItem(name: "pool_max_conns", value: "\(poolSize)")]
        return components.string ?? adminURL
    }

    /// Runs one statement on the server at `url` over a connection of its own (no client process:
    /// spawning one from a test process with hundreds of threads is slow and fragile).
    static func execute(_ url: String, _ sql: String) async throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw TestSupportError("GRIDGOV_TEST_POSTGRES_URL '\(url)' is not postgres://user@host:port/database")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: components.path.split(separator: "/").first.map(String.init),
            tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 0, logger: Logger(label: "gridgov.test-support"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "gridgov.test-support"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw TestSupportError("\(sql) failed: \(String(reflecting: error))")
        }
    }
}

/// How many Citus stores the tests hold at once.
enum CitusStores {
    static let gate = AsyncGate(permits: 3)
}

/// At most `permits` holders at a time; the others wait their turn.
actor AsyncGate {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { free = permits }

    func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// A clock tests set and move; it never reads the system time.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_334_400)) {  // 2026-11-22 16:00 in Beijing
        current = Mutex(start)
    }

    public var provider: NowProvider { NowProvider { self.current.withLock { $0 } } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a transaction that
/// has returned survives a power cut. Reads run concurrently on GRDB's reader connections; writes
/// go through its single writer.
public final class SQLiteDatabase: GridDatabase {
    public let dialect = SQLDialect.sqlite
    private let pool: DatabasePool
    public let path: String
    /// Copies committed pages from the WAL back into the database file every few milliseconds on a
    /// connection of its own. Otherwise SQLite does it inside the commit that takes the WAL past
    /// 1,000 pages, and about one write in fifty paid for copying all of them (a 10 ms tail at the
    /// p99 of every case action). A passive checkpoint never blocks the writer; the writer's own
    /// automatic checkpoint stays as the backstop when this one falls behind.
    private let checkpointer: Task<Void, Never>

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A 64 MiB page cache and memory-mapped reads keep hot index pages out of read() calls.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool sets synchronous=NORMAL on its writer after prepareDatabase runs, so FULL is
            // set here, on the writer itself, and read back: an acknowledged write must survive power loss.
            let level = try pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
            guard level == 2 else { throw StoreError.configuration("SQLite refused synchronous=FULL (got \(level))") }
            var checkpointing = Configuration()
            checkpointing.busyMode = .timeout(10)
            let connection = try DatabaseQueue(path: path, configuration: checkpointing)
            checkpointer = Task.detached(priority: .utility) {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(50))
                    // A failed round (the database busy or closing) is retried on the next one.
                    _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.engine("opening \(path): \(error)")
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        do { return try await pool.read { db in try body(GRDBConnection(db: db)) } }
        catch { throw Self.translate(error) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        do { return try await pool.write { db in try body(GRDBConnection(db: db)) } }
        catch { throw Self.translate(error) }
    }

    public func close() async throws {
        checkpointer.cancel()
        await checkpointer.value
        try pool.close()
    }

    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.resultCode == .SQLITE_CONSTRAINT { return StoreError.conflict(error.message ?? "a unique key") }
        return StoreError.engine(error.description)
    }
}

/// A GRDB connection seen through ``SQLConnection``; statements are prepared once and cached.
struct GRDBConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for index in 0..<row.count {
                let value: DatabaseValue = row[index]
                switch value.storage {
                case .null: values.append(.null)
                case .int64(let i): values.append(.integer(i))
                case .double(let d): values.append(.real(d))
                case .string(let s): values.append(.text(s))
                case .blob(let data): values.append(.blob([UInt8](data)))
                }
            }
            rows.append(SQLRow(values))
        }
        return rows
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let i): i.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }
}

import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file in WAL mode. A write returns once the WAL is flushed after
/// its commit (``WriteAheadLogFlusher``), so a transaction that has returned survives a power cut.
/// Reads run concurrently on GRDB's reader connections; writes go through its single writer.
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
    private let flusher: WriteAheadLogFlusher
    /// What the participants of its transactions share (``TransactionParticipant``).
    private let locals = DatabaseLocals()

    private static let reverse = DatabaseFunction("reverse", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map { String($0.reversed()) }
    }

    public convenience init(path: String) throws {
        try self.init(path: path, flush: { fdatasync($0) })
    }

    /// `flush`: how the WAL is flushed to disk; `fdatasync(2)` unless a test holds back or fails it.
    init(path: String, flush: @escaping WriteAheadLogFlusher.Flush) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A 64 MiB page cache and memory-mapped reads keep hot index pages out of read() calls.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            // Savepoints (one per request in a group commit) keep the pages they change in a statement
            // journal; in a temporary file that cost a write() per page, more than the commit itself.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // PostgreSQL's reverse(text), which the migrations use (``Migrations/caseSearch``).
            db.add(function: Self.reverse)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // The writer commits with synchronous=NORMAL and the flusher makes each commit durable
            // before anyone is told (see WriteAheadLogFlusher). DatabasePool sets NORMAL after
            // prepareDatabase runs; it is set and read back here because durability rests on knowing it.
            let level = try pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
            guard level == 1 else { throw StoreError.configuration("SQLite refused synchronous=NORMAL (got \(level))") }
            flusher = WriteAheadLogFlusher(databasePath: path, flush: flush)
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
        do { return try await pool.read { db in try body(GRDBConnection(db: db)) } } catch {
            throw Self.translate(error)
        }
    }

    public func commit<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Commit<
        T
    > {
        let value: T
        let locals = self.locals
        do {
            value = try await pool.write { db in
                let transaction = WriteTransaction(locals: locals)
                let connection = GRDBConnection(db: db, transaction: transaction)
                let value = try body(connection)
                try transaction.writeBack(on: connection)
                // Run on the writer's queue right after COMMIT, before the next transaction begins.
                if transaction.hasParticipants {
                    db.afterNextTransaction(
                        onCommit: { _ in transaction.didCommit() }, onRollback: { _ in transaction.didRollBack() })
                }
                return value
            }
        } catch { throw Self.translate(error) }
        let commit = flusher.noteCommit()
        let flusher = self.flusher
        return Commit(value: value, durable: { try await flusher.waitUntilDurable(commit) })
    }

    public func close() async throws {
        checkpointer.cancel()
        await checkpointer.value
        try pool.close()
        flusher.close()
    }

    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.resultCode == .SQLITE_CONSTRAINT { return StoreError.conflict(error.message ?? "a unique key") }
        return StoreError.engine(error.description)
    }
}

/// A GRDB connection seen through ``SQLConnection``; statements are prepared once and cached.
///
/// Values are bound and columns read with SQLite's C calls on GRDB's cached statement: building
/// GRDB's `StatementArguments` and `Row`s for every statement cost more than the SQL itself on the
/// intake path (a key path instantiated per call, boxed values per column).
struct GRDBConnection: SQLConnection {
    let db: Database
    /// Inside a write transaction; `nil` in a read.
    var transaction: WriteTransaction? = nil
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try run(sql, arguments) { _ in }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try run(sql, arguments) { handle in
            let count = sqlite3_column_count(handle)
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
                case SQLITE_TEXT:
                    let length = Int(sqlite3_column_bytes(handle, column))
                    let text = sqlite3_column_text(handle, column).map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    }
                    values.append(.text(text ?? ""))
                case SQLITE_BLOB:
                    let length = Int(sqlite3_column_bytes(handle, column))
                    let bytes = sqlite3_column_blob(handle, column).map {
                        Array(UnsafeRawBufferPointer(start: $0, count: length))
                    }
                    values.append(.blob(bytes ?? []))
                default: values.append(.null)
                }
            }
            rows.append(SQLRow(values))
        }
        return rows
    }

    /// Binds `arguments` to the cached statement of `sql`, steps it to the end calling `row` for each
    /// result row, and leaves it reset with its bindings cleared for the next use.
    private func run(_ sql: String, _ arguments: [SQLValue], row: (SQLiteStatement) throws -> Void) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw StoreError.engine("\(arguments.count) values for \(expected) parameters in: \(sql)")
        }
        for (offset, value) in arguments.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt =
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let number): sqlite3_bind_int64(handle, index, number)
                case .real(let number): sqlite3_bind_double(handle, index, number)
                case .text(let text):
                    text.utf8.withContiguousStorageIfAvailable { bytes in
                        // An empty buffer may have no address, and SQLite reads a NULL pointer as SQL NULL.
                        bytes.withMemoryRebound(to: CChar.self) { chars in
                            chars.baseAddress.map {
                                sqlite3_bind_text(handle, index, $0, CInt(chars.count), Self.transient)
                            }
                                ?? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                        }
                    } ?? sqlite3_bind_text(handle, index, text, -1, Self.transient)
                case .blob(let bytes):
                    bytes.withUnsafeBytes { buffer in
                        buffer.baseAddress.map {
                            sqlite3_bind_blob(handle, index, $0, CInt(buffer.count), Self.transient)
                        }
                            ?? sqlite3_bind_zeroblob(handle, index, 0)
                    }
                case .array: throw StoreError.engine("an array is bound on PostgreSQL only, in: \(sql)")
                }
            guard code == SQLITE_OK else { throw failure(code, sql) }
        }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: try row(handle)
            case let code: throw failure(code, sql)
            }
        }
    }

    private func failure(_ code: CInt, _ sql: String) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// SQLite copies bound text and blobs (the Swift buffers live only during the call).
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

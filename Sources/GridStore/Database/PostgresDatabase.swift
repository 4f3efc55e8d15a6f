import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The production store: PostgreSQL (or a PostgreSQL-compatible distributed engine) through
/// postgres-nio's connection pool.
///
/// Store operations are synchronous functions of a connection (see ``SQLConnection``); here each
/// one runs on a thread of NIO's blocking pool and waits on postgres-nio's futures, never on an
/// event loop.
public final class PostgresDatabase: GridDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// Threads that may block on a query; the pool's connection limit bounds how many do at once.
    private let blockingThreads: NIOThreadPool
    /// What the participants of its transactions share (``TransactionParticipant``).
    private let locals = DatabaseLocals()
    /// Where write transactions' statements run alone go out in turn.
    private let lane: PostgresAloneLane
    /// How one connection of its own is opened (the lane's, ``checkConnection()``'s).
    private let connectionConfiguration: PostgresConnection.Configuration

    /// `url`: `postgres://user:password@host:port/database` (password optional). `?sslmode=` as
    /// libpq (see ``PostgresTLS``), with `&sslrootcert=` for the `verify-*` modes.
    public init(url: String, logger: Logger = Logger(label: "gridgov.postgres")) throws {
        let parsed = try PostgresURL(url)
        let (host, port, username, password, database) = (
            parsed.host, parsed.port, parsed.username, parsed.password, parsed.database
        )
        let (tls, laneTLS) = try PostgresTLS(url: parsed).configurations()
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = parsed.maximumConnections
        configuration.options.additionalStartupParameters = parsed.sessionSettings
        var connectionConfiguration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: laneTLS)
        connectionConfiguration.options.additionalStartupParameters = parsed.sessionSettings
        self.connectionConfiguration = connectionConfiguration
        lane = PostgresAloneLane(configuration: connectionConfiguration, logger: logger)
        self.logger = logger
        blockingThreads = NIOThreadPool(numberOfThreads: parsed.maximumConnections)
        blockingThreads.start()
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let client = self.client
        runner = Task { await client.run() }
    }

    /// Connects once and lets go: a wrong address, password or database name is reported at once with
    /// the server's reason, where the pool would retry such a connection for about a minute.
    public func checkConnection() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: connectionConfiguration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw Self.translate(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await run(.readSnapshot, body)
    }

    public func readEachLatest<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws
        -> T
    {
        try await run(.none, body)
    }

    /// PostgreSQL's COMMIT returns once the commit is flushed (`synchronous_commit=on`).
    public func commit<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Commit<
        T
    > {
        Commit(value: try await run(.write, body), durable: {})
    }

    /// How `body`'s statements are wrapped.
    private enum Transaction {
        /// Each statement on its own (autocommit).
        case none
        /// One snapshot for all (REPEATABLE READ READ ONLY).
        case readSnapshot
        case write
    }

    private func run<T: Sendable>(
        _ transaction: Transaction, _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        let (logger, threads, locals, lane) = (self.logger, blockingThreads, self.locals, self.lane)
        do {
            return try await client.withConnection { connection in
                try await threads.runIfActive {
                    let sql = PostgresSQLConnection(connection: connection, logger: logger)
                    switch transaction {
                    case .none: return try body(sql)
                    case .readSnapshot:
                        try sql.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                        defer { try? sql.execute("COMMIT") }
                        return try body(sql)
                    case .write:
                        let transaction = WriteTransaction(locals: locals)
                        let phase = PostgresTransactionPhase()
                        var sql = sql
                        sql.transaction = transaction
                        sql.phase = phase
                        sql.lane = lane
                        do {
                            let result = try body(sql)
                            if phase.value != .endedAlone { try transaction.writeBack(on: sql) }
                            if phase.value == .begun { try sql.execute("COMMIT") }
                            transaction.didCommit()
                            return result
                        } catch {
                            transaction.didRollBack()
                            if phase.value == .begun { try? sql.execute("ROLLBACK") }
                            throw error
                        }
                    }
                }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    public func close() async throws {
        await lane.close()
        runner.cancel()
        _ = await runner.value
        try await blockingThreads.shutdownGracefully()
    }

    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message] ?? String(reflecting: error)
        if state == "23505" { return StoreError.conflict(error.serverInfo?[.detail] ?? message) }
        if state == "22P02", message.contains(SQLStatement.predictionMissed) { return PredictionMissed() }
        return StoreError.engine(message)
    }
}

/// Where a write transaction stands. Its BEGIN goes out with its first statement, queued on the
/// connection together, so the thread waits once for both; a transaction whose first statement is
/// also its last can instead send it alone (``SQLConnection/runAlone(_:)``), and then needs neither
/// BEGIN nor COMMIT.
final class PostgresTransactionPhase {
    enum Phase { case unbegun, begun, endedAlone }
    var value = Phase.unbegun
}

/// A pooled PostgreSQL connection seen through ``SQLConnection``.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    /// Inside a write transaction; `nil` in a read.
    var transaction: WriteTransaction? = nil
    /// Inside a write transaction; `nil` in a read, whose BEGIN (if any) is sent at once.
    var phase: PostgresTransactionPhase? = nil
    /// Inside a write transaction: where its statement goes if it runs alone.
    var lane: PostgresAloneLane? = nil
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try executeInOrder([SQLStatement(sql, arguments)])
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let begin = try beginIfUnbegun()
        let answer = connection.query(try Self.query(sql, arguments), logger: logger)
        _ = try begin?.wait()
        return try answer.wait().rows.map(Self.row)
    }

    /// Hands every statement to the connection before waiting for any: postgres-nio sends each as
    /// soon as the one before it is answered, from the event loop, without waking this thread between.
    func executeInOrder(_ statements: [SQLStatement]) throws {
        let answers =
            try (beginIfUnbegun().map { [$0] } ?? [])
            + statements.map { connection.query(try Self.query($0.sql, $0.arguments), logger: logger) }
        var firstFailure: (any Error)?
        for answer in answers {
            do { _ = try answer.wait() } catch { firstFailure = firstFailure ?? error }
        }
        if let firstFailure { throw firstFailure }
    }

    var canRunAlone: Bool { phase?.value == .unbegun }

    func runAlone(_ statement: SQLStatement, queued: () -> Void) throws {
        guard let phase, let lane, phase.value == .unbegun else {
            throw StoreError.engine("a statement can run alone only as the first of a write transaction")
        }
        phase.value = .endedAlone
        do {
            let answer = try lane.send(try Self.query(statement.sql, statement.arguments))
            queued()
            _ = try answer.wait()
        } catch let error as PSQLError where error.serverInfo != nil {
            throw StatementRejected(underlying: PostgresDatabase.translate(error))
        }
    }

    /// Queues the write transaction's BEGIN if no statement has gone out yet.
    private func beginIfUnbegun() throws -> EventLoopFuture<PostgresQueryResult>? {
        guard let phase else { return nil }
        switch phase.value {
        case .begun: return nil
        case .unbegun:
            phase.value = .begun
            return connection.query(PostgresQuery(unsafeSQL: "BEGIN"), logger: logger)
        case .endedAlone: throw StoreError.engine("a write transaction sent a statement after the one it ran alone")
        }
    }

    private static func row(_ row: PostgresRow) throws -> SQLRow {
        var values: [SQLValue] = []
        for cell in row {
            guard cell.bytes != nil else {
                values.append(.null)
                continue
            }
            switch cell.dataType {
            case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
            case .float4, .float8: values.append(.real(try cell.decode(Double.self)))
            case .numeric: values.append(.real(Double(try cell.decode(String.self)) ?? .nan))
            case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
            case .bytea: values.append(.blob(Array(try cell.decode(ByteBuffer.self).readableBytesView)))
            default: values.append(.text(try cell.decode(String.self)))
            }
        }
        return SQLRow(values)
    }

    /// Rewrites `?` placeholders (outside quoted literals) to `$1, $2, …` and binds the values.
    static func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        PostgresQuery(unsafeSQL: numbered(sql), binds: try bindings(arguments))
    }

    /// Walks UTF-8 bytes, not `Character`s: `?` and `'` are ASCII and never inside a multi-byte
    /// character, and grapheme breaking made this a large cost of every statement sent.
    static func numbered(_ sql: String) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(sql.utf8.count + 64)
        var number = 0
        var inQuote = false
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "'") { inQuote.toggle() }
            if byte == UInt8(ascii: "?") && !inQuote {
                number += 1
                text.append(UInt8(ascii: "$"))
                text.append(contentsOf: String(number).utf8)
            } else {
                text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func bindings(_ arguments: [SQLValue]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .real(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            case .array(let values): try binds.append(PostgresColumnArray(values))
            }
        }
        return binds
    }
}

/// Which SQL engine a statement runs on, for the few places where their SQL truly differs.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// One open connection inside a transaction (or a read). Statements use `?` placeholders, which
/// the PostgreSQL connection rewrites to `$1, $2, …`; everything else is SQL both engines share.
///
/// The interface is synchronous on purpose: a store operation is a plain function of a connection,
/// so the same code runs inside GRDB's closures and inside the group-commit writer.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    /// What this write transaction carries beside its statements (``WriteTransaction``); `nil` in a read.
    var transaction: WriteTransaction? { get }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
    /// Runs statements whose results nobody reads, in order, and throws the first failure. Only
    /// inside a write transaction: there a failure aborts the transaction, so the statements after
    /// it change nothing. PostgreSQL queues them all on the connection at once, so the calling
    /// thread waits once instead of once a statement.
    func executeInOrder(_ statements: [SQLStatement]) throws
    /// Whether this write transaction has sent nothing yet, so that one last statement can be the
    /// whole of it (``runAlone(_:)``). PostgreSQL begins a write transaction with its first
    /// statement; SQLite's have begun before the first, so there this is always `false`.
    var canRunAlone: Bool { get }
    /// Sends `statement` as the whole write transaction, committed when this returns: on PostgreSQL
    /// one round trip where BEGIN, statement and COMMIT are three. Only while ``canRunAlone``; the
    /// transaction then has ended. Throws ``StatementRejected`` when the server refused it (then it
    /// changed nothing); any other error leaves unknown whether it committed.
    ///
    /// Statements run alone take turns on one connection of their own: `queued` is called once
    /// this one is in line, and from then on a statement run alone starts only after this one has
    /// committed or failed, without waiting for anyone's thread to wake in between.
    func runAlone(_ statement: SQLStatement, queued: () -> Void) throws
}

/// The server refused a statement sent alone (``SQLConnection/runAlone(_:)``) and rolled it back:
/// unlike a lost connection, this says for certain that it changed nothing.
public struct StatementRejected: Error {
    public let underlying: any Error
}

/// A statement and its arguments, for ``SQLConnection/executeInOrder(_:)``.
public struct SQLStatement: Sendable {
    public var sql: String
    public var arguments: [SQLValue]

    public init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }

    /// Multi-row `VALUES` inserts of at most `chunk` rows each (both engines cap the number of
    /// bound values), with an optional `ON CONFLICT` tail.
    static func inserts(into table: String, columns: [String], rows: [[SQLValue]], onConflict: String = "", chunk: Int)
        -> [SQLStatement]
    {
        let rowPlaceholder = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var statements: [SQLStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(start + chunk, rows.count)
            let placeholders = Array(repeating: rowPlaceholder, count: end - start).joined(separator: ",")
            statements.append(
                SQLStatement(
                    "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES \(placeholders) \(onConflict)",
                    Array(rows[start..<end].joined())))
            start = end
        }
        return statements
    }
}

extension SQLConnection {
    public var canRunAlone: Bool { false }

    public func runAlone(_ statement: SQLStatement, queued: () -> Void) throws {
        throw StoreError.engine("a statement can run alone only as the first of a PostgreSQL write transaction")
    }

    public func runAlone(_ statement: SQLStatement) throws { try runAlone(statement, queued: {}) }

    public func execute(_ sql: String) throws { try execute(sql, []) }

    public func execute(_ statement: SQLStatement) throws { try execute(statement.sql, statement.arguments) }

    public func executeInOrder(_ statements: [SQLStatement]) throws {
        for statement in statements { try execute(statement) }
    }

    public func queryOne(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLRow? {
        try query(sql, arguments).first
    }

    /// Inserts one row; in a group writer's first attempt the row waits for the transaction's
    /// write-back (``WriteTransaction``), where it goes in with the others of its table, so it is not
    /// visible to SQL until then.
    func insert(into table: String, columns: [String], row: [SQLValue]) throws {
        if let transaction, transaction.defersInserts {
            transaction.deferInsert(into: table, columns: columns, row: row)
        } else {
            try insertMany(into: table, columns: columns, rows: [row])
        }
    }

    /// This write transaction; throws in a read.
    func writeTransaction() throws -> WriteTransaction {
        guard let transaction else { throw StoreError.engine("a write was attempted outside a write transaction") }
        return transaction
    }

    // `advance`, `know` and `participant` are inlined into their callers: called on an existential
    // connection they cannot be specialized themselves, and would leave the shared rows and
    // participants they forward to generic (a dictionary lookup and a dynamic cast of a generic
    // class at each call, in the write of every case). Inlined, those are specialized per kind.

    /// Advances a shared row (``SharedRow``): read once a transaction (or taken from a prediction),
    /// changed in memory by `body`, written back before the transaction commits.
    @inline(__always)
    func advance<Row: SharedRow, Result>(_ row: Row.Type, _ key: Row.Key, _ body: (inout Row.Value) throws -> Result)
        throws -> Result
    {
        try writeTransaction().rows.advance(row, key, on: self, body)
    }

    /// Gives a shared row a value known without reading it.
    @inline(__always)
    func know<Row: SharedRow>(_ row: Row.Type, _ key: Row.Key, is value: Row.Value) throws {
        try writeTransaction().rows.know(row, key, is: value)
    }

    /// A feature's notes on this write transaction (``TransactionParticipant``).
    @inline(__always)
    func participant<P: TransactionParticipant>(_ type: P.Type) throws -> P {
        try writeTransaction().participant(type)
    }

    /// Inserts many rows with multi-row `VALUES` statements (``SQLStatement/inserts(into:columns:rows:onConflict:chunk:)``).
    public func insertMany(
        into table: String, columns: [String], rows: [[SQLValue]], onConflict: String = "", chunk: Int = 500
    ) throws {
        try executeInOrder(
            SQLStatement.inserts(into: table, columns: columns, rows: rows, onConflict: onConflict, chunk: chunk))
    }
}

/// A database GridGov stores into: SQLite through GRDB, or PostgreSQL through postgres-nio.
public protocol GridDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` on a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body` with each statement reading the latest commits, without one snapshot across them:
    /// for reads whose statements do not depend on one another. PostgreSQL then needs no BEGIN and
    /// COMMIT, two of a short read's three round trips.
    func readEachLatest<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body` in one transaction, rolled back if it throws, and returns once it has committed,
    /// perhaps before it is durable: nobody may be told of it before ``Commit/durable`` returns.
    func commit<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Commit<T>
    func close() async throws
}

extension GridDatabase {
    /// A snapshot where it costs nothing more (SQLite).
    public func readEachLatest<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws
        -> T
    {
        try await read(body)
    }

    /// Runs `body` in one transaction that is durable when this returns, rolled back if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let commit = try await commit(body)
        try await commit.durable()
        return commit.value
    }
}

/// A committed transaction's result, and the wait until it survives a power cut. The group writer
/// waits for that off its own path, so it can run the next batch meanwhile.
public struct Commit<Value: Sendable>: Sendable {
    public let value: Value
    /// Returns when the transaction is durable; throws if that can no longer be promised.
    public let durable: @Sendable () async throws -> Void
}

import GridStore
import Synchronization

/// A real database that counts the reads and transactions run through it, so a test can show
/// that a request's cost does not grow with its input (one query whatever the page).
public final class CountingDatabase: GridDatabase {
    public let inner: any GridDatabase
    private let counts = Mutex((reads: 0, commits: 0))

    public init(_ inner: any GridDatabase) { self.inner = inner }

    public var reads: Int { counts.withLock { $0.reads } }
    public var commits: Int { counts.withLock { $0.commits } }
    public func reset() { counts.withLock { $0 = (0, 0) } }

    public var dialect: SQLDialect { inner.dialect }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        counts.withLock { $0.reads += 1 }
        return try await inner.read(body)
    }

    public func readEachLatest<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws
        -> T
    {
        counts.withLock { $0.reads += 1 }
        return try await inner.readEachLatest(body)
    }

    public func commit<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Commit<
        T
    > {
        counts.withLock { $0.commits += 1 }
        return try await inner.commit(body)
    }

    public func close() async throws {}
}

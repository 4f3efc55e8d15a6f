import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The connection that statements run alone take turns on (``SQLConnection/runAlone(_:queued:)``).
///
/// A group writer's predicted batch sends its whole write-back as one statement, which must start
/// only after the batch before has committed. Sent on one connection, the next statement is queued
/// behind the one before while that one runs, and postgres-nio sends it from the event loop as soon
/// as the one before is answered. On connections of their own, each would wait for the blocking
/// thread of the one before to wake and say it had returned, and for its own thread to wake to send.
///
/// The order is an optimisation, not what keeps the data right: each write-back verifies what it
/// predicted (``SQLStatement/together(_:verifying:)``). So a lost connection is simply replaced.
final class PostgresAloneLane: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)

    init(configuration: PostgresConnection.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Queues `query` behind the statements sent before it, connecting first if need be. Blocks
    /// while it connects, so call it from a thread that may block.
    func send(_ query: PostgresQuery) throws -> EventLoopFuture<PostgresQueryResult> {
        try connection.withLock { current in
            let open: PostgresConnection
            if let current, !current.isClosed {
                open = current
            } else {
                open = try PostgresConnection.connect(
                    on: PostgresConnection.defaultEventLoopGroup.any(),
                    configuration: configuration, id: 0, logger: logger
                ).wait()
                current = open
            }
            return open.query(query, logger: logger)
        }
    }

    func close() async {
        let last = connection.withLock { current in
            defer { current = nil }
            return current
        }
        try? await last?.close()
    }
}

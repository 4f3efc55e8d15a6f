import Logging
import ServiceLifecycle

/// Work a server does on a clock while it runs (supervision every minute, the warning sweeps every
/// ten): `work` every `interval`, first at start when `atStart`, a failure logged and tried again
/// next time. Tests call the work's store functions directly after moving the injected clock.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    var atStart = false
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                if !atStart { try await Task.sleep(for: interval) }
                while !Task.isCancelled {
                    do { try await work() } catch { logger.error("\(name) failed: \(error)") }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutting down: stop quietly, so the server exits 0.
        }
    }
}

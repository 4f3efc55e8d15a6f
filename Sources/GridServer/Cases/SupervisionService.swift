import GridStore
import Logging
import ServiceLifecycle

/// Raises overdue supervision (督办) every minute while the server runs. Tests call
/// `GridStore.superviseOverdue()` directly after moving the injected clock instead.
struct SupervisionService: Service {
    let store: GridStore
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    do {
                        let raised = try await store.superviseOverdue()
                        if raised > 0 { logger.info("raised supervision on \(raised) overdue case(s)") }
                    } catch {
                        logger.error("overdue supervision failed: \(error)")
                    }
                }
            }
        } catch is CancellationError {
            // Shutting down: stop quietly, so the server exits 0.
        }
    }
}

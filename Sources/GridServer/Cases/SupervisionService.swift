import GridStore
import Logging
import ServiceLifecycle

/// Every minute while the server runs: urging (催办) of cases turned yellow, then supervision (督办)
/// of overdue ones and of departments late to report in after a whistle. Tests call
/// `GridStore.urgeWarned()`, `superviseOverdue()` and `superviseLateReportIn()` directly after
/// moving the injected clock instead.
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
                        try await store.reloadCalendar()
                        let urged = try await store.urgeWarned()
                        let supervised = try await store.superviseOverdue() + store.superviseLateReportIn()
                        if urged + supervised > 0 { logger.info("urged \(urged), supervised \(supervised) case(s)") }
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

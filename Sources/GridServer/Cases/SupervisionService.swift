import GridStore
import Logging

/// Every minute while the server runs: urging (催办) of cases turned yellow, then supervision (督办)
/// of overdue ones and of departments late to report in after a whistle. Tests call
/// `GridStore.urgeWarned()`, `superviseOverdue()` and `superviseLateReportIn()` directly after
/// moving the injected clock instead.
enum SupervisionService {
    static func make(store: GridStore, logger: Logger) -> PeriodicService {
        PeriodicService(name: "overdue supervision", interval: .seconds(60), logger: logger) {
            try await store.reloadCalendar()
            let urged = try await store.urgeWarned()
            let supervised = try await store.superviseOverdue() + store.superviseLateReportIn()
            if urged + supervised > 0 { logger.info("urged \(urged), supervised \(supervised) case(s)") }
        }
    }
}

import GridCore
import Synchronization

/// Limits anonymous reports per client address: at most `maxReports` attempts in `window`,
/// counted when they start so parallel requests cannot slip past the limit.
final class ReportLimiter: Sendable {
    let maxReports: Int
    let windowMilliseconds: Int64
    private let now: NowProvider
    private let reports = Mutex<[String: [Int64]]>([:])

    init(maxReports: Int = 10, windowMilliseconds: Int64 = 10 * 60 * 1000, now: NowProvider) {
        self.maxReports = maxReports
        self.windowMilliseconds = windowMilliseconds
        self.now = now
    }

    /// Seconds to wait when the client is over its limit; otherwise `nil`, with the attempt counted.
    func take(for client: String) -> Int? {
        let at = now.epochMilliseconds
        return reports.withLock { reports in
            if reports.count > 100_000 { reports = reports.filter { $0.value.contains { at - $0 < windowMilliseconds } } }
            let recent = (reports[client] ?? []).filter { at - $0 < windowMilliseconds }
            if recent.count >= maxReports, let oldest = recent.first {
                reports[client] = recent
                return Int((oldest + windowMilliseconds - at + 999) / 1000)
            }
            reports[client] = recent + [at]
            return nil
        }
    }
}

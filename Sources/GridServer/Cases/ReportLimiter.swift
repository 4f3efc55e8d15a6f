import GridCore
import Synchronization

/// Limits anonymous reports per client address: at most `maxReports` in `window`.
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

    func retryAfterSeconds(for client: String) -> Int? {
        let at = now.epochMilliseconds
        return reports.withLock { reports in
            let recent = (reports[client] ?? []).filter { at - $0 < windowMilliseconds }
            reports[client] = recent.isEmpty ? nil : recent
            guard recent.count >= maxReports, let oldest = recent.first else { return nil }
            return Int((oldest + windowMilliseconds - at + 999) / 1000)
        }
    }

    func record(_ client: String) {
        let at = now.epochMilliseconds
        reports.withLock { $0[client, default: []].append(at) }
    }
}

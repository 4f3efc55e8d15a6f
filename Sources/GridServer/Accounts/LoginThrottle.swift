import GridCore
import Synchronization

/// Limits password guessing: after `maxFailures` failed logins for one user name within `window`,
/// further attempts are refused until the oldest failure leaves the window. Time is injected.
final class LoginThrottle: Sendable {
    let maxFailures: Int
    let windowMilliseconds: Int64
    private let now: NowProvider
    private let failures = Mutex<[String: [Int64]]>([:])

    init(maxFailures: Int = 5, windowMilliseconds: Int64 = 15 * 60 * 1000, now: NowProvider) {
        self.maxFailures = maxFailures
        self.windowMilliseconds = windowMilliseconds
        self.now = now
    }

    /// Seconds to wait before trying again, or `nil` when an attempt is allowed.
    func retryAfterSeconds(for username: String) -> Int? {
        let at = now.epochMilliseconds
        return failures.withLock { failures in
            let recent = (failures[username.lowercased()] ?? []).filter { at - $0 < windowMilliseconds }
            failures[username.lowercased()] = recent
            guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
            return Int((oldest + windowMilliseconds - at + 999) / 1000)
        }
    }

    func recordFailure(for username: String) {
        let at = now.epochMilliseconds
        failures.withLock { $0[username.lowercased(), default: []].append(at) }
    }

    func recordSuccess(for username: String) {
        _ = failures.withLock { $0.removeValue(forKey: username.lowercased()) }
    }
}

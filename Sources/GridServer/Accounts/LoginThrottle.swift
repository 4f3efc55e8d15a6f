import GridCore
import Synchronization

/// Limits password guessing: at most `maxFailures` failed logins for one user name within
/// `window`; further attempts are refused until the oldest failure leaves the window.
///
/// An attempt is counted as a failure when it starts (``beginAttempt(for:)``) and forgiven when it
/// succeeds, so parallel guesses cannot slip through while their passwords are being checked.
/// Time is injected.
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

    /// Seconds to wait when the user name is locked; otherwise `nil`, with the attempt counted.
    func beginAttempt(for username: String) -> Int? {
        let at = now.epochMilliseconds
        let key = username.lowercased()
        return failures.withLock { failures in
            if failures.count > 100_000 { failures = failures.filter { $0.value.contains { at - $0 < windowMilliseconds } } }
            let recent = (failures[key] ?? []).filter { at - $0 < windowMilliseconds }
            if recent.count >= maxFailures, let oldest = recent.first {
                failures[key] = recent
                return Int((oldest + windowMilliseconds - at + 999) / 1000)
            }
            failures[key] = recent + [at]
            return nil
        }
    }

    /// The attempt succeeded: the user's failures are forgotten.
    func recordSuccess(for username: String) {
        _ = failures.withLock { $0.removeValue(forKey: username.lowercased()) }
    }
}

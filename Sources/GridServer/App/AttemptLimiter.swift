import GridCore
import Synchronization

/// At most `maxAttempts` attempts per key (a user name, a client address) within a sliding
/// window; further attempts are refused until the oldest leaves the window. An attempt counts when
/// it starts, so parallel requests cannot slip past while they are being checked. Time is injected.
final class AttemptLimiter: Sendable {
    let maxAttempts: Int
    let windowMilliseconds: Int64
    private let now: NowProvider
    private let attempts = Mutex<[String: [Int64]]>([:])

    init(maxAttempts: Int, windowMilliseconds: Int64, now: NowProvider) {
        self.maxAttempts = maxAttempts
        self.windowMilliseconds = windowMilliseconds
        self.now = now
    }

    /// 10 reports without an account per client address in 10 minutes.
    static func anonymousReports(now: NowProvider) -> AttemptLimiter {
        AttemptLimiter(maxAttempts: 10, windowMilliseconds: 10 * 60 * 1000, now: now)
    }

    /// Seconds to wait when `key` is over its limit; otherwise `nil`, with the attempt counted.
    func take(_ key: String) -> Int? {
        let at = now.epochMilliseconds
        return attempts.withLock { attempts in
            if attempts.count > 100_000 { attempts = attempts.filter { $0.value.contains { at - $0 < windowMilliseconds } } }
            let recent = (attempts[key] ?? []).filter { at - $0 < windowMilliseconds }
            if recent.count >= maxAttempts, let oldest = recent.first {
                attempts[key] = recent
                return Int((oldest + windowMilliseconds - at + 999) / 1000)
            }
            attempts[key] = recent + [at]
            return nil
        }
    }

    /// Forgets `key`'s attempts (a successful login).
    func forgive(_ key: String) {
        _ = attempts.withLock { $0.removeValue(forKey: key) }
    }

    /// Takes back the newest attempt of `key`: one that turned out not to count (a right password).
    func refund(_ key: String) {
        attempts.withLock { attempts in
            guard var recent = attempts[key], !recent.isEmpty else { return }
            recent.removeLast()
            attempts[key] = recent.isEmpty ? nil : recent
        }
    }
}

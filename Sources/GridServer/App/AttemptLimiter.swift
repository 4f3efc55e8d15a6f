import GridCore
import Synchronization

/// At most `maxAttempts` attempts per key (a user name, a client address) within a sliding
/// window; further attempts are refused until the oldest leaves the window. An attempt counts when
/// it starts, so parallel requests cannot slip past while they are being checked. Time is injected.
final class AttemptLimiter: Sendable {
    let maxAttempts: Int
    let windowMilliseconds: Int64
    private let now: NowProvider
    private let attempts = Mutex<(byKey: [String: [Int64]], prunedAt: Int64)>(([:], 0))
    /// Keys held at most: past it, keys whose attempts have all left the window are dropped (at
    /// most once a second), and while it stays full a new key is refused as if over its limit, so
    /// ever-new keys cost neither unbounded memory nor a sweep on every attempt.
    static let capacity = 100_000

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
        let window = windowMilliseconds
        return attempts.withLock { state in
            if state.byKey.count >= Self.capacity, state.byKey[key] == nil {
                if at - state.prunedAt >= 1000 {
                    state.byKey = state.byKey.filter { $0.value.contains { at - $0 < window } }
                    state.prunedAt = at
                }
                if state.byKey.count >= Self.capacity { return Int(window / 1000) }
            }
            let recent = (state.byKey[key] ?? []).filter { at - $0 < window }
            if recent.count >= maxAttempts, let oldest = recent.first {
                state.byKey[key] = recent
                return Int((oldest + window - at + 999) / 1000)
            }
            state.byKey[key] = recent + [at]
            return nil
        }
    }

    /// Forgets `key`'s attempts (a successful login).
    func forgive(_ key: String) {
        _ = attempts.withLock { $0.byKey.removeValue(forKey: key) }
    }

    /// Takes back the newest attempt of `key`: one that turned out not to count (a right password).
    func refund(_ key: String) {
        attempts.withLock { state in
            guard var recent = state.byKey[key], !recent.isEmpty else { return }
            recent.removeLast()
            state.byKey[key] = recent.isEmpty ? nil : recent
        }
    }
}

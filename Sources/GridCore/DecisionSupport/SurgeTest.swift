import Foundation

/// 智能预警: is the recent count of a category in an area more than its own baseline explains?
///
/// **The test: Poisson exceedance.** Each day of the recent window expects the mean of the
/// baseline days of its own kind — the same weekday for a working day, any rest day for a weekend
/// or holiday (the working calendar says which), so a Monday is compared with Mondays and the
/// National Day week with rest days, not with Fridays. The baseline is the weeks just before the
/// window, so it follows the season. The window's expected total E is the sum of those means; the
/// p-value is P(X ≥ observed) for X ~ Poisson(E). A surge is raised when p is below the threshold
/// and at least `minimumCount` cases were seen, so one case where none were expected says nothing.
///
/// Why Poisson and not CUSUM: daily counts per category and township are small whole numbers, for
/// which the Poisson tail is exact and its figure ("expected 4.2, saw 13, chance 0.0003") is what a
/// duty officer can read and check; CUSUM needs a tuned reference value per series and answers
/// "since when" rather than "how unusual".
public enum SurgeTest {
    /// One day's count and what kind of day it was.
    public struct Day: Sendable, Hashable {
        public var day: CalendarDay
        public var count: Int
        /// A working day (工作日), per the working calendar with its holidays and swapped days.
        public var working: Bool

        public init(day: CalendarDay, count: Int, working: Bool) {
            self.day = day
            self.count = count
            self.working = working
        }

        /// The kind of day its expectation is taken from: its weekday (1–7) when working, 0 for a rest day.
        var kind: Int { working ? day.weekday : 0 }
    }

    public struct Result: Sendable, Hashable {
        public var observed: Int
        public var expected: Double
        public var p: Double
    }

    /// The recent window's count against the baseline's; `nil` when some day of the window has no
    /// baseline day of its kind (too little history to judge).
    public static func evaluate(window: [Day], baseline: [Day]) -> Result? {
        var sums: [Int: (total: Int, days: Int)] = [:]
        for day in baseline {
            let sum = sums[day.kind, default: (0, 0)]
            sums[day.kind] = (sum.total + day.count, sum.days + 1)
        }
        var expected = 0.0
        for day in window {
            guard let sum = sums[day.kind], sum.days > 0 else { return nil }
            expected += Double(sum.total) / Double(sum.days)
        }
        let observed = window.reduce(0) { $0 + $1.count }
        return Result(observed: observed, expected: expected, p: poissonUpperTail(observed, mean: expected))
    }

    /// P(X ≥ k) for X ~ Poisson(mean). Above the mean it sums the upper tail itself, from k up in
    /// log space (no cancellation against 1, no underflow of e^−mean); at or below the mean, one
    /// minus the lower tail, which is then at most about a half.
    public static func poissonUpperTail(_ k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        func logMass(_ i: Int) -> Double { Double(i) * log(mean) - mean - lgamma(Double(i) + 1) }
        if Double(k) > mean {
            var upper = 0.0
            var logTerm = logMass(k)
            var i = k
            while true {
                let term = exp(logTerm)
                upper += term
                if term <= upper * 1e-17 || i - k > 1_000_000 { break }
                i += 1
                logTerm += log(mean / Double(i))
            }
            return min(1, upper)
        }
        var lower = 0.0
        for i in 0..<k { lower += exp(logMass(i)) }
        return max(0, 1 - lower)
    }
}

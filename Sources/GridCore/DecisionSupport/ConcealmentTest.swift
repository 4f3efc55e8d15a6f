import Foundation

/// 隐瞒不报: does a grid (or community) learn of its problems from residents, the hotline and the
/// levels above far more often than its area does — the sign of patrols that do not report?
///
/// **The test: one-sided binomial.** Of a grid's n reports over the period, k came from outside its
/// own patrols (residents, 12345, 上级交办, Open311; sensors are left out, they are not people
/// bypassing the grid). Under the area's norm p₀ (the county's share), k is Binomial(n, p₀); the
/// p-value is P(X ≥ k). A small grid's few reports give a large p-value however lopsided they
/// look, so noise is not flagged; across a county's grids the p-values are corrected for false
/// discoveries (Benjamini–Hochberg), and a grid needs `minimumReports` reports to be judged at all.
public enum ConcealmentTest {
    public struct Result: Sendable, Hashable {
        public var outside: Int
        public var reports: Int
        public var norm: Double
        public var p: Double
    }

    /// Channels whose reports mean the grid did not find the problem first.
    public static let outsideChannels: Set<CaseChannel> = [.resident, .hotline, .assigned, .open311]

    public static func evaluate(outside k: Int, reports n: Int, norm: Double) -> Result {
        Result(outside: k, reports: n, norm: norm, p: binomialUpperTail(k, n: n, p: norm))
    }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed in log space from k up (no cancellation against 1).
    public static func binomialUpperTail(_ k: Int, n: Int, p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n, p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        let logCombinationBase: Double = lgamma(Double(n) + 1)
        func logMass(_ i: Int) -> Double {
            logCombinationBase - lgamma(Double(i) + 1) - lgamma(Double(n - i) + 1) + Double(i) * log(p)
                + Double(n - i) * log1p(-p)
        }
        var total = 0.0
        for i in k...n {
            let term = exp(logMass(i))
            total += term
            if Double(i) > Double(n) * p, term <= total * 1e-17 { break }
        }
        return min(1, total)
    }
}

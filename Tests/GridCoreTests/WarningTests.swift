import GridCore
import Testing

/// 智能预警 and 隐瞒不报: the tails by hand, the baseline by kind of day, small grids not flagged.
@Suite("Decision support: surge and concealment tests")
struct WarningTests {
    @Test("Poisson upper tails: P(X ≥ 3 | 1) = 1 − 2.5/e; far in the tail without cancellation")
    func poisson() {
        #expect(abs(SurgeTest.poissonUpperTail(3, mean: 1) - 0.080301397) < 1e-9)
        #expect(abs(SurgeTest.poissonUpperTail(12, mean: 4) - 0.000915229147) < 1e-12)
        // SciPy's poisson.sf(59, 20); one minus the lower tail keeps only its first three digits.
        let far = SurgeTest.poissonUpperTail(60, mean: 20)
        #expect(abs(far - 4.2332846947129256e-13) / 4.2332846947129256e-13 < 1e-9)
        #expect(SurgeTest.poissonUpperTail(0, mean: 3) == 1 && SurgeTest.poissonUpperTail(1, mean: 0) == 0)
    }

    /// Eight weeks of baseline: 2 reports every Monday, 1 on other working days, none on rest days
    /// but one National Day rest day with 4. A window of Monday, Tuesday and a holiday Wednesday
    /// expects 2 + 1 + (4 ÷ the 17 rest days).
    @Test("the window expects each day's own kind: the weekday when working, rest days otherwise")
    func baselineByKind() throws {
        let monday = CalendarDay(year: 2026, month: 9, day: 7)!
        #expect(monday.weekday == 1)
        var baseline: [SurgeTest.Day] = []
        for offset in 0..<56 {
            let day = CalendarDay(index: monday.index + offset)
            let working = day.weekday <= 5 && offset != 24
            let count = !working ? (offset == 24 ? 4 : 0) : (day.weekday == 1 ? 2 : 1)
            baseline.append(SurgeTest.Day(day: day, count: count, working: working))
        }
        let start = CalendarDay(index: monday.index + 56)
        let window = [
            SurgeTest.Day(day: start, count: 5, working: true),
            SurgeTest.Day(day: CalendarDay(index: start.index + 1), count: 4, working: true),
            SurgeTest.Day(day: CalendarDay(index: start.index + 2), count: 3, working: false),
        ]
        let result = try #require(SurgeTest.evaluate(window: window, baseline: baseline))
        #expect(result.observed == 12)
        #expect(abs(result.expected - (2 + 1 + 4.0 / 17)) < 1e-12)
        #expect(abs(result.p - SurgeTest.poissonUpperTail(12, mean: 3 + 4.0 / 17)) < 1e-15)
        #expect(SurgeTest.evaluate(window: window, baseline: []) == nil, "no baseline, no judgement")
    }

    @Test("binomial upper tails by hand; a small grid's lopsided count is not significant")
    func binomial() {
        #expect(abs(ConcealmentTest.binomialUpperTail(8, n: 10, p: 0.3) - 0.0015903864) < 1e-12)
        #expect(abs(ConcealmentTest.binomialUpperTail(40, n: 100, p: 0.25) - 0.000686592208) < 1e-12)
        // 3 of 4 from outside looks damning, but under a 30% norm it happens 8% of the time.
        let small = ConcealmentTest.evaluate(outside: 3, reports: 4, norm: 0.3)
        #expect(abs(small.p - 0.0837) < 1e-12 && small.p > 0.05)
        #expect(ConcealmentTest.binomialUpperTail(0, n: 5, p: 0.3) == 1)
        #expect(ConcealmentTest.binomialUpperTail(6, n: 5, p: 0.3) == 0)
    }
}

import GridCore
import Testing

/// 考评: each indicator on a small month worked out by hand, the weighted score, grades and ranks.
@Suite("Decision support: assessment indicators and scores")
struct AssessmentTests {
    /// A grid's month: 10 patrol reports of which 8 were registered (one self-handled, approved),
    /// 2 hotline registrations; 10 dispatches, 1 returned, 2 late; 8 handled, 2 late; 1 rework;
    /// 6 closed, 1 of them late, 1 closed at the department; 4 hotline ratings: 2 satisfied,
    /// 1 basically, 1 unsatisfied; 2 cases overdue in handling now.
    static let month: AssessmentInputs = {
        var flow = CaseFlow()
        func add(_ count: Int, _ measure: String, channel: CaseChannel = .patrol) {
            flow.add(count, channel: channel.rawValue, category: "HJ01", measure: CaseMeasure(text: measure)!)
        }
        add(10, "report")
        add(7, "register")
        add(1, "register.late")
        add(2, "register", channel: .hotline)
        add(1, "approve_void")
        add(1, "approve_self_handling:grid")
        add(6, "dispatch")
        add(2, "dispatch.late")
        add(2, "dispatch", channel: .hotline)
        add(1, "return")
        add(1, "sign_in", channel: .hotline)
        add(1, "sign_in.late", channel: .hotline)
        add(6, "handle")
        add(2, "handle.late")
        add(1, "rework")
        add(6, "verify")
        add(1, "verify.late")
        add(3, "close:community")
        add(1, "close:department")
        add(1, "close.late:township")
        add(1, "close:upper")
        add(2, "rate:satisfied", channel: .hotline)
        add(1, "rate:basically_satisfied", channel: .hotline)
        add(1, "rate:unsatisfied", channel: .hotline)
        return AssessmentInputs(flow: flow, overdueUnhandled: 2, patrols: Ratio(18, 20))
    }()

    static func value(_ indicator: Indicator) -> Double? { indicator.ratio(month)?.value }

    @Test("each indicator by hand")
    func indicators() {
        #expect(Indicator.validReportRate.ratio(Self.month) == Ratio(9, 10), "8 registered + 1 self-handled of 10")
        #expect(Indicator.missedReportRate.ratio(Self.month) == Ratio(2, 10), "2 hotline of 10 registrations")
        #expect(Indicator.onTimeRegistrationRate.ratio(Self.month) == Ratio(9, 10))
        #expect(Indicator.accurateRegistrationRate.ratio(Self.month) == Ratio(9, 10), "(10 − 1 voided) ÷ 10")
        #expect(Indicator.onTimeDispatchRate.ratio(Self.month) == Ratio(8, 10))
        #expect(Indicator.accurateDispatchRate.ratio(Self.month) == Ratio(9, 10), "(10 − 1 returned) ÷ 10")
        #expect(Indicator.onTimeHandlingRate.ratio(Self.month) == Ratio(6, 8))
        #expect(Indicator.reworkRate.ratio(Self.month) == Ratio(1, 8))
        #expect(Indicator.onTimeVerificationRate.ratio(Self.month) == Ratio(7, 8), "verify 6 + rework 1 on time of 8")
        #expect(Indicator.closureRate.ratio(Self.month) == Ratio(6, 10), "6 closed ÷ (8 handled + 2 overdue)")
        #expect(Indicator.onTimeClosureRate.ratio(Self.month) == Ratio(5, 6))
        #expect(
            Indicator.hotlineResponseRate.ratio(Self.month) == Ratio(1, 2), "1 hotline sign-in on time of 2 dispatched")
        #expect(Indicator.hotlineResolutionRate.ratio(Self.month) == Ratio(3, 4))
        #expect(Indicator.hotlineSatisfactionRate.ratio(Self.month) == Ratio(2, 4))
        #expect(Indicator.smallMattersInGrid.ratio(Self.month) == Ratio(1, 7), "1 self-handled of 6 closes + 1")
        #expect(Indicator.bigMattersInNet.ratio(Self.month) == Ratio(6, 7), "all but the one escalated upward")
        #expect(Indicator.patrolCoverage.ratio(Self.month) == Ratio(18, 20))
        #expect(Indicator.visitCoverage.ratio(Self.month) == nil, "not measured: no figure rather than 0")
        #expect(Ratio(0, 0).value == nil)
        #expect(Ratio(3, 2).value == 1, "a day's closes of cases handled before it: 100%, not 150%")
    }

    @Test("the score weighs each rate; 漏报率 and 返工率 count against; unmeasured weight goes to the rest")
    func score() throws {
        let scheme = try AssessmentScheme(
            post: .gridWorker, weights: [.validReportRate: 40, .missedReportRate: 30, .visitCoverage: 30])
        let (score, parts) = try #require(scheme.score(Self.month))
        // Visits unmeasured: 40 and 30 become 57.14 and 42.86. 0.9 × 57.14 + (1 − 0.2) × 42.86 = 85.714.
        #expect(abs(score - 85.714286) < 1e-4)
        #expect(parts.first { $0.indicator == .visitCoverage }?.effectiveWeight == 0)
        #expect(abs((parts.first { $0.indicator == .validReportRate }?.effectiveWeight ?? 0) - 57.142857) < 1e-4)
        #expect(AssessmentGrade(score: score) == .b)

        // More missed reports must lower the score, never raise it (a platform that adds the raw
        // missed-report rate rewards hiding nothing and missing everything).
        var worse = Self.month
        worse.flow.add(10, channel: "hotline", category: "HJ01", measure: CaseMeasure("register"))
        let worseScore = try #require(scheme.score(worse)?.score)
        #expect(worseScore < score)
    }

    @Test("weights must sum to 100%: 70% (as one widely deployed platform uses) is refused, so is a negative")
    func weightsSumToHundred() {
        #expect(throws: AssessmentError.weightsDoNotSum(.gridWorker, 70)) {
            try AssessmentScheme(post: .gridWorker, weights: [.validReportRate: 40, .missedReportRate: 30])
        }
        #expect(throws: AssessmentError.badWeight(.dispatcher, .onTimeDispatchRate, -10)) {
            try AssessmentScheme(post: .dispatcher, weights: [.onTimeDispatchRate: -10, .accurateDispatchRate: 110])
        }
        #expect(throws: AssessmentError.noWeights(.region)) { try AssessmentScheme(post: .region, weights: [:]) }
        #expect(
            "\(AssessmentError.weightsDoNotSum(.gridWorker, 70))" == "网格员: 权重之和为 70%，必须等于 100%")
        for post in AssessmentPost.allCases {
            #expect(AssessmentScheme.defaults[post] != nil, "the shipped scheme of \(post) sums to 100")
        }
    }

    @Test("grades at their bounds; ranks share ties and leave the unscored unranked; trend against before")
    func gradesAndRanks() {
        #expect(
            [90, 89.99, 75, 74.99, 60, 59.99, 40, 39.99, 0].map { AssessmentGrade(score: $0).rawValue }
                == ["A", "B", "B", "C", "C", "D", "D", "E", "E"])
        let ranked = AssessmentRanking.rank([
            (id: "a", score: 80, previousScore: 70), (id: "b", score: nil, previousScore: 60),
            (id: "c", score: 95, previousScore: nil), (id: "d", score: 80, previousScore: 85),
        ])
        #expect(ranked.map(\.id) == ["c", "a", "d", "b"])
        #expect(ranked.map(\.rank) == [1, 2, 2, nil])
        #expect(ranked.map(\.change) == [nil, 10, -5, nil])
    }

    @Test("a measure's text reads back: action, lateness, qualifier")
    func measureText() {
        for text in ["report", "dispatch.late", "rate:satisfied", "close.late:department"] {
            #expect(CaseMeasure(text: text)?.description == text)
        }
        #expect(CaseMeasure(text: "close.late:department") == CaseMeasure("close", late: true, qualifier: "department"))
        #expect(CaseMeasure(text: "") == nil)
    }
}

import Foundation

/// The posts and units assessed (考评对象).
public enum AssessmentPost: String, Sendable, CaseIterable, Codable {
    /// 网格员: assessed by their grid's figures.
    case gridWorker = "grid_worker"
    /// 受理员 of a command centre.
    case intakeOperator = "intake_operator"
    /// 值班长
    case shiftLeader = "shift_leader"
    /// 派遣员
    case dispatcher
    /// 处置单位: a department, a township or community handling cases.
    case handlingUnit = "handling_unit"
    /// 区域综合: a grid's, community's, township's or county's figures as a whole.
    case region

    public var name: String {
        switch self {
        case .gridWorker: "网格员"
        case .intakeOperator: "受理员"
        case .shiftLeader: "值班长"
        case .dispatcher: "派遣员"
        case .handlingUnit: "处置单位"
        case .region: "区域综合"
        }
    }
}

/// 综合评分等级: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.
public enum AssessmentGrade: String, Sendable, CaseIterable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"

    public init(score: Double) {
        self =
            switch score {
            case 90...: .a
            case 75..<90: .b
            case 60..<75: .c
            case 40..<60: .d
            default: .e
            }
    }
}

/// How one post's comprehensive score weighs its indicators (权重, in percent, summing to 100).
public struct AssessmentScheme: Sendable, Hashable, Codable {
    public var post: AssessmentPost
    public var weights: [Indicator: Double]

    /// Refuses weights that do not sum to 100% (within a hundredth of a point), a negative weight,
    /// or none at all.
    public init(post: AssessmentPost, weights: [Indicator: Double]) throws(AssessmentError) {
        guard !weights.isEmpty else { throw .noWeights(post) }
        for (indicator, weight) in weights where weight < 0 || !weight.isFinite {
            throw .badWeight(post, indicator, weight)
        }
        let sum = weights.values.reduce(0, +)
        guard abs(sum - 100) < 0.01 else { throw .weightsDoNotSum(post, sum) }
        self.post = post
        self.weights = weights
    }

    /// One indicator's part of a score.
    public struct Part: Sendable, Hashable {
        public var indicator: Indicator
        public var ratio: Ratio?
        /// The weight as configured, in percent.
        public var weight: Double
        /// The weight it counted with: an indicator with nothing to measure gives its weight to the
        /// others in proportion, so a grid without hotline cases is not scored on them.
        public var effectiveWeight: Double
        /// Points earned (0…effectiveWeight): the rate, or one minus it where a rise is bad.
        public var points: Double
    }

    /// The comprehensive score (0…100): each indicator's weight × its rate (× one minus the rate for
    /// 漏报率 and 返工率, whose rise is bad), over the indicators that had something to measure.
    /// `nil` when none had.
    public func score(_ inputs: AssessmentInputs) -> (score: Double, parts: [Part])? {
        let ordered = Indicator.allCases.filter { weights[$0] != nil }
        let ratios = ordered.map { $0.ratio(inputs) }
        let measured = zip(ordered, ratios).filter { $0.1?.value != nil }.map { weights[$0.0] ?? 0 }.reduce(0, +)
        var parts: [Part] = []
        var total = 0.0
        for (indicator, ratio) in zip(ordered, ratios) {
            let weight = weights[indicator] ?? 0
            guard let value = ratio?.value, measured > 0 else {
                parts.append(Part(indicator: indicator, ratio: ratio, weight: weight, effectiveWeight: 0, points: 0))
                continue
            }
            let effective = weight * 100 / measured
            let points = effective * (indicator.higherIsBetter ? value : 1 - value)
            total += points
            parts.append(
                Part(indicator: indicator, ratio: ratio, weight: weight, effectiveWeight: effective, points: points))
        }
        return measured > 0 ? (total, parts) : nil
    }

    /// The schemes GridGov starts with; an administrator changes them (``AssessmentSchemes``).
    public static let defaults: [AssessmentPost: AssessmentScheme] = {
        let weights: [AssessmentPost: [Indicator: Double]] = [
            .gridWorker: [
                .validReportRate: 25, .onTimeVerificationRate: 25, .missedReportRate: 20, .patrolCoverage: 10,
                .visitCoverage: 10, .attendanceRate: 10,
            ],
            .intakeOperator: [.onTimeAcceptanceRate: 60, .accurateRegistrationRate: 40],
            .shiftLeader: [
                .onTimeRegistrationRate: 30, .accurateRegistrationRate: 20, .closureRate: 25, .onTimeClosureRate: 25,
            ],
            .dispatcher: [.onTimeDispatchRate: 50, .accurateDispatchRate: 50],
            .handlingUnit: [
                .onTimeHandlingRate: 40, .reworkRate: 25, .closureRate: 20, .hotlineSatisfactionRate: 15,
            ],
            .region: [
                .validReportRate: 10, .missedReportRate: 10, .onTimeRegistrationRate: 10, .onTimeDispatchRate: 10,
                .onTimeHandlingRate: 15, .reworkRate: 10, .closureRate: 15, .onTimeClosureRate: 10,
                .hotlineSatisfactionRate: 10,
            ],
        ]
        var schemes: [AssessmentPost: AssessmentScheme] = [:]
        for (post, weights) in weights {
            // The literals above sum to 100; a mistake there is caught by the tests.
            if let scheme = try? AssessmentScheme(post: post, weights: weights) { schemes[post] = scheme }
        }
        return schemes
    }()
}

/// Refusals of an assessment configuration, naming the post and the reason.
public enum AssessmentError: Error, Sendable, Equatable, CustomStringConvertible {
    case noWeights(AssessmentPost)
    case badWeight(AssessmentPost, Indicator, Double)
    case weightsDoNotSum(AssessmentPost, Double)
    case unknownIndicator(AssessmentPost, String)
    case unknownPost(String)
    case unreadable

    public var description: String {
        switch self {
        case .noWeights(let post): "\(post.name): 至少需要一个指标的权重"
        case .badWeight(let post, let indicator, let weight): "\(post.name) · \(indicator.name): 权重 \(weight) 不能为负"
        case .weightsDoNotSum(let post, let sum):
            "\(post.name): 权重之和为 \(Self.format(sum))%，必须等于 100%"
        case .unknownIndicator(let post, let name): "\(post.name): 没有名为 \(name) 的指标"
        case .unknownPost(let name): "没有名为 \(name) 的考评对象"
        case .unreadable: "权重配置不是 {\"岗位\": {\"指标\": 权重}} 形式的 JSON"
        }
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// A unit's place among its siblings (排名) and against its own previous period (趋势).
public struct AssessmentRanking: Sendable, Hashable {
    public var id: String
    public var score: Double?
    public var previousScore: Double?
    /// 1 for the best; units without a score are unranked.
    public var rank: Int?

    public init(id: String, score: Double?, previousScore: Double?, rank: Int?) {
        self.id = id
        self.score = score
        self.previousScore = previousScore
        self.rank = rank
    }

    public var grade: AssessmentGrade? { score.map(AssessmentGrade.init(score:)) }
    public var change: Double? {
        guard let score, let previousScore else { return nil }
        return score - previousScore
    }

    /// Ranks units by score, best first; equal scores share a rank (1, 2, 2, 4); units without a
    /// score come last, unranked, in the order given.
    public static func rank(_ units: [(id: String, score: Double?, previousScore: Double?)]) -> [AssessmentRanking] {
        let scored = units.filter { $0.score != nil }.sorted { ($0.score ?? 0) > ($1.score ?? 0) }
        var result: [AssessmentRanking] = []
        for (index, unit) in scored.enumerated() {
            let rank =
                index > 0 && abs((scored[index - 1].score ?? 0) - (unit.score ?? 0)) < 1e-9
                ? (result.last?.rank ?? index + 1) : index + 1
            result.append(
                AssessmentRanking(id: unit.id, score: unit.score, previousScore: unit.previousScore, rank: rank))
        }
        for unit in units where unit.score == nil {
            result.append(AssessmentRanking(id: unit.id, score: nil, previousScore: unit.previousScore, rank: nil))
        }
        return result
    }
}

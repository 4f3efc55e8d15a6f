/// What an assessment is computed from: the counted steps of the period (``CaseFlow``) and what the
/// store measures directly at the end of it.
public struct AssessmentInputs: Sendable, Hashable {
    public var flow: CaseFlow
    /// Cases in the handling step past their due time now, not yet handled (应结案 counts them).
    public var overdueUnhandled: Int
    /// 走访覆盖: people due a visit in the period who were visited.
    public var visits: Ratio?
    /// 重点人员走访: key-population people due a visit who were visited.
    public var keyPopulationVisits: Ratio?
    /// 巡查覆盖: grids whose workers patrolled on the period's working days ÷ grid working days.
    public var patrols: Ratio?
    /// 出勤: working days a grid's worker signed in ÷ working days.
    public var attendance: Ratio?

    public init(
        flow: CaseFlow, overdueUnhandled: Int = 0, visits: Ratio? = nil, keyPopulationVisits: Ratio? = nil,
        patrols: Ratio? = nil, attendance: Ratio? = nil
    ) {
        self.flow = flow
        self.overdueUnhandled = overdueUnhandled
        self.visits = visits
        self.keyPopulationVisits = keyPopulationVisits
        self.patrols = patrols
        self.attendance = attendance
    }
}

/// One assessment indicator (考评指标): its name as users know it, its definition as the page shows
/// it beside the figure, and how it is computed — all here, once.
public enum Indicator: String, Sendable, CaseIterable, Codable {
    case validReportRate = "valid_report_rate"
    case onTimeVerificationRate = "on_time_verification_rate"
    case missedReportRate = "missed_report_rate"
    case onTimeAcceptanceRate = "on_time_acceptance_rate"
    case onTimeRegistrationRate = "on_time_registration_rate"
    case accurateRegistrationRate = "accurate_registration_rate"
    case onTimeDispatchRate = "on_time_dispatch_rate"
    case accurateDispatchRate = "accurate_dispatch_rate"
    case closureRate = "closure_rate"
    case onTimeClosureRate = "on_time_closure_rate"
    case onTimeHandlingRate = "on_time_handling_rate"
    case reworkRate = "rework_rate"
    case hotlineResponseRate = "hotline_response_rate"
    case hotlineResolutionRate = "hotline_resolution_rate"
    case hotlineSatisfactionRate = "hotline_satisfaction_rate"
    case smallMattersInGrid = "small_matters_in_grid"
    case bigMattersInNet = "big_matters_in_net"
    case visitCoverage = "visit_coverage"
    case keyPopulationVisitCompletion = "key_population_visit_completion"
    case patrolCoverage = "patrol_coverage"
    case attendanceRate = "attendance_rate"

    public var name: String {
        switch self {
        case .validReportRate: "有效上报率"
        case .onTimeVerificationRate: "按时核实率"
        case .missedReportRate: "漏报率"
        case .onTimeAcceptanceRate: "按时受理率"
        case .onTimeRegistrationRate: "按时立案率"
        case .accurateRegistrationRate: "准确立案率"
        case .onTimeDispatchRate: "按时派遣率"
        case .accurateDispatchRate: "准确派遣率"
        case .closureRate: "结案率"
        case .onTimeClosureRate: "按期结案率"
        case .onTimeHandlingRate: "按时处置率"
        case .reworkRate: "返工率"
        case .hotlineResponseRate: "12345 响应率"
        case .hotlineResolutionRate: "12345 解决率"
        case .hotlineSatisfactionRate: "12345 满意率"
        case .smallMattersInGrid: "小事不出格"
        case .bigMattersInNet: "大事不出网"
        case .visitCoverage: "走访覆盖率"
        case .keyPopulationVisitCompletion: "重点人员走访完成率"
        case .patrolCoverage: "巡查覆盖率"
        case .attendanceRate: "出勤率"
        }
    }

    /// The definition shown beside the figure.
    public var definition: String {
        switch self {
        case .validReportRate: "网格员巡查上报后立案（含自处理）的件数 ÷ 网格员巡查上报件数"
        case .onTimeVerificationRate: "时限内完成核查（通过或返工）的件数 ÷ 核查件数"
        case .missedReportRate: "由群众、12345 热线、上级交办等渠道首报而立案的件数 ÷ 立案件数（越低越好）"
        case .onTimeAcceptanceRate: "时限内受理的件数 ÷ 受理件数"
        case .onTimeRegistrationRate: "时限内立案的件数 ÷ 立案件数"
        case .accurateRegistrationRate: "（立案数 − 作废数）÷ 立案数"
        case .onTimeDispatchRate: "时限内派遣（含吹哨）的件数 ÷ 派遣件数"
        case .accurateDispatchRate: "（派遣数 − 退回数）÷ 派遣数"
        case .closureRate: "结案数 ÷ 应结案数；应结案数 = 处置反馈数 + 处置超期未反馈数"
        case .onTimeClosureRate: "各环节均未超时而结案的件数 ÷ 结案件数"
        case .onTimeHandlingRate: "时限内处置反馈的件数 ÷ 处置反馈件数"
        case .reworkRate: "返工件数 ÷ 处置反馈件数（越低越好）"
        case .hotlineResponseRate: "12345 工单派遣后时限内签收的件数 ÷ 派遣件数"
        case .hotlineResolutionRate: "12345 工单回访评为满意或基本满意的件数 ÷ 回访件数"
        case .hotlineSatisfactionRate: "12345 工单回访评为满意的件数 ÷ 回访件数"
        case .smallMattersInGrid: "网格内解决（自处理或网格办结）的结案数 ÷ 结案数"
        case .bigMattersInNet: "未上报县级以上中心而办结的结案数 ÷ 结案数"
        case .visitCoverage: "期内至少走访一次的重点人员数 ÷ 重点人员数"
        case .keyPopulationVisitCompletion: "期末走访未逾期的重点人员数 ÷ 重点人员数（按所属人群与关注程度的走访周期）"
        case .patrolCoverage: "有巡查轨迹的网格工作日 ÷ 网格工作日"
        case .attendanceRate: "网格员签到的工作日 ÷ 应出勤工作日"
        }
    }

    /// Whether a rise is good. 漏报率 and 返工率 rise when things get worse: they lower a score.
    public var higherIsBetter: Bool { self != .missedReportRate && self != .reworkRate }

    /// The indicator's figure from the period's inputs.
    public func ratio(_ inputs: AssessmentInputs) -> Ratio? {
        let flow = inputs.flow
        let hotline: Set<CaseChannel> = [.hotline]
        let dispatched = flow.count("dispatch", "whistle")
        let closes = flow.count("close", "approve_self_handling")
        switch self {
        case .validReportRate:
            return Ratio(
                flow.count("register", "approve_self_handling", "refuse_self_handling", channels: [.patrol]),
                flow.count("report", channels: [.patrol]))
        case .onTimeVerificationRate:
            return Ratio(flow.count("verify", "rework", late: false), flow.count("verify", "rework"))
        case .missedReportRate:
            let others = Set(CaseChannel.allCases).subtracting([.patrol])
            return Ratio(flow.count("register", channels: others), flow.count("register"))
        case .onTimeAcceptanceRate: return Ratio(flow.count("accept", late: false), flow.count("accept"))
        case .onTimeRegistrationRate: return Ratio(flow.count("register", late: false), flow.count("register"))
        case .accurateRegistrationRate:
            let registered = flow.count("register")
            return Ratio(max(0, registered - flow.count("approve_void")), registered)
        case .onTimeDispatchRate: return Ratio(flow.count("dispatch", "whistle", late: false), dispatched)
        case .accurateDispatchRate: return Ratio(max(0, dispatched - flow.count("return")), dispatched)
        case .closureRate: return Ratio(flow.count("close"), flow.count("handle") + inputs.overdueUnhandled)
        case .onTimeClosureRate: return Ratio(flow.count("close", late: false), flow.count("close"))
        case .onTimeHandlingRate: return Ratio(flow.count("handle", late: false), flow.count("handle"))
        case .reworkRate: return Ratio(flow.count("rework"), flow.count("handle"))
        case .hotlineResponseRate:
            return Ratio(
                flow.count("sign_in", late: false, channels: hotline),
                flow.count("dispatch", "whistle", channels: hotline))
        case .hotlineResolutionRate:
            return Ratio(
                flow.count("rate", qualifiers: ["satisfied", "basically_satisfied"], channels: hotline),
                flow.count("rate", channels: hotline))
        case .hotlineSatisfactionRate:
            return Ratio(
                flow.count("rate", qualifiers: ["satisfied"], channels: hotline), flow.count("rate", channels: hotline))
        case .smallMattersInGrid:
            return Ratio(
                flow.count("close", "approve_self_handling", qualifiers: [HandlingReach.grid.rawValue]), closes)
        case .bigMattersInNet:
            let inNet = Set(HandlingReach.allCases.filter { $0 != .upper }.map(\.rawValue))
            return Ratio(flow.count("close", "approve_self_handling", qualifiers: inNet), closes)
        case .visitCoverage: return inputs.visits
        case .keyPopulationVisitCompletion: return inputs.keyPopulationVisits
        case .patrolCoverage: return inputs.patrols
        case .attendanceRate: return inputs.attendance
        }
    }
}

/// Where a dispute (矛盾纠纷) stands in mediation.
public enum DisputeState: String, WorkflowTerm, Codable {
    /// 登记: found by screening, brought by a party, referred, or turned from a case
    case registered
    /// 受理: accepted, waiting for mediators
    case accepted
    /// 调解中: mediators assigned, sessions held
    case mediating
    /// 达成协议: an agreement signed, waiting for the follow-up visit after 30 days
    case agreed
    /// 移交: referred to a court, the police, petition (信访) or arbitration
    case referred
    /// 结案: closed after the follow-up, or without agreement
    case closed

    public func displayName(in language: WorkflowLanguage) -> String {
        switch (self, language) {
        case (.registered, .zh): "已登记"
        case (.accepted, .zh): "已受理"
        case (.mediating, .zh): "调解中"
        case (.agreed, .zh): "已达成协议"
        case (.referred, .zh): "已移交"
        case (.closed, .zh): "已结案"
        case (_, .en): rawValue.capitalized
        }
    }
}

/// What someone does to a dispute.
public enum DisputeAction: String, WorkflowTerm, Codable {
    case accept
    /// 指派调解员
    case assign
    /// 调解会: minutes and who attended
    case session
    /// 达成协议: the agreement's text, printed for signature
    case agree
    /// 调解不成: closed without agreement
    case fail
    /// 移交: to a court, the police, petition or arbitration
    case refer
    /// 回访: the follow-up visit after an agreement (due 30 days after it)
    case followUp = "follow_up"
    /// 风险升级: the risk rose; a high risk tells the township's centre at once
    case escalate

    public func displayName(in language: WorkflowLanguage) -> String {
        switch (self, language) {
        case (.accept, .zh): "受理"
        case (.assign, .zh): "指派调解员"
        case (.session, .zh): "记录调解"
        case (.agree, .zh): "达成协议"
        case (.fail, .zh): "调解不成"
        case (.refer, .zh): "移交"
        case (.followUp, .zh): "回访"
        case (.escalate, .zh): "风险升级"
        case (.followUp, .en): "Follow up"
        case (_, .en): rawValue.capitalized
        }
    }
}

/// The posts people hold towards one dispute.
public enum DisputePost: String, WorkflowTerm, Codable {
    /// The mediation committee or centre of the dispute's area (社区/乡镇调委会, 综治中心)
    case centre
    /// A mediator assigned to it
    case mediator
    /// The grid worker of its grid (screening, follow-up)
    case gridWorker = "grid_worker"

    public func displayName(in language: WorkflowLanguage) -> String {
        switch (self, language) {
        case (.centre, .zh): "调委会/综治中心"
        case (.mediator, .zh): "调解员"
        case (.gridWorker, .zh): "网格员"
        case (.centre, .en): "Mediation centre"
        case (.mediator, .en): "Mediator"
        case (.gridWorker, .en): "Grid worker"
        }
    }
}

/// What the rules need to know about a dispute and a caller.
public struct DisputeFacts: WorkflowFacts, Hashable {
    public var posts: Set<DisputePost>
    /// The follow-up visit is due (30 days after the agreement have passed).
    public var followUpDue: Bool

    public init(posts: Set<DisputePost>, followUpDue: Bool) {
        self.posts = posts
        self.followUpDue = followUpDue
    }
}

public enum DisputeGuard: String, WorkflowGuard, CaseIterable {
    /// 回访 comes 30 days after the agreement.
    case followUpDue = "follow_up_due"

    public func holds(for facts: DisputeFacts) -> Bool {
        switch self {
        case .followUpDue: facts.followUpDue
        }
    }

    public func describe(in language: WorkflowLanguage) -> String {
        language == .zh ? "协议达成满 30 天" : "30 days after the agreement"
    }
}

/// 矛盾纠纷调解流程: its one table.
public enum DisputeWorkflow: WorkflowKind {
    public typealias State = DisputeState
    public typealias Action = DisputeAction
    public typealias Guard = DisputeGuard
    public typealias Row = WorkflowRow<DisputeWorkflow>

    public static let subject = "dispute"

    /// Days after an agreement its follow-up visit is due.
    public static let followUpDays = 30

    public static let table = WorkflowTable<DisputeWorkflow>([
        Row(from: .registered, action: .accept, posts: [.centre], to: .accepted),
        Row(from: .accepted, action: .assign, posts: [.centre], to: .mediating),
        Row(from: .mediating, action: .assign, posts: [.centre], to: .mediating),
        Row(from: .mediating, action: .session, posts: [.mediator, .centre], to: .mediating),
        Row(from: .mediating, action: .agree, posts: [.mediator, .centre], to: .agreed),
        Row(from: .mediating, action: .fail, posts: [.mediator, .centre], to: .closed),
        Row(from: .accepted, action: .refer, posts: [.centre], to: .referred),
        Row(from: .mediating, action: .refer, posts: [.mediator, .centre], to: .referred),
        Row(
            from: .agreed, action: .followUp, posts: [.mediator, .centre, .gridWorker], to: .closed,
            guards: [.followUpDue]),
        Row(from: .registered, action: .escalate, posts: [.centre, .gridWorker, .mediator], to: .registered),
        Row(from: .accepted, action: .escalate, posts: [.centre, .gridWorker, .mediator], to: .accepted),
        Row(from: .mediating, action: .escalate, posts: [.centre, .gridWorker, .mediator], to: .mediating),
    ])
}

/// The time limit (时限) of a dispute's present step: when it is due, and when it turns yellow and
/// the mediators and centre are reminded (催办). Limits are calendar days, as mediation rules count.
public struct DisputeDeadline: Sendable, Hashable {
    /// When the present step must be done.
    public var dueAt: Int64
    /// When it turns yellow.
    public var warnAt: Int64

    /// Days each open state may last: 受理 within 3 days of registration, 指派 within 3 of
    /// acceptance, an outcome within 30 of assignment (人民调解 一般在30日内调结), and the follow-up
    /// visit within 15 days of falling due. Referred and closed disputes have no limit.
    public static func limitDays(in state: DisputeState) -> Int? {
        switch state {
        case .registered, .accepted: 3
        case .mediating: 30
        case .agreed: DisputeWorkflow.followUpDays + 15
        case .referred, .closed: nil
        }
    }

    /// Milliseconds into a state from which its step is yellow: 80% of its limit, or for an
    /// agreement the day its follow-up falls due.
    public static func warnAfter(in state: DisputeState) -> Int64? {
        guard let days = limitDays(in: state) else { return nil }
        if state == .agreed { return Int64(DisputeWorkflow.followUpDays) * 86_400_000 }
        return Int64(days) * 86_400_000 * 4 / 5
    }

    /// The deadline of a step begun at `since` in `state` (none for a finished dispute).
    public init?(state: DisputeState, since: Int64) {
        guard let days = Self.limitDays(in: state), let warn = Self.warnAfter(in: state) else { return nil }
        (dueAt, warnAt) = (since + Int64(days) * 86_400_000, since + warn)
    }

    public func status(at now: Int64) -> TimeLimitStatus {
        now >= dueAt ? .red : now >= warnAt ? .yellow : .normal
    }
}

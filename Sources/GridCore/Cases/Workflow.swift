/// Where a case stands (案卷状态).
public enum CaseState: String, WorkflowTerm, Codable {
    /// 上报: reported, waiting for the intake operator
    case reported
    /// 受理: accepted, waiting for registration
    case accepted
    /// 立案: registered, waiting for dispatch
    case registered
    /// 派遣: dispatched to a unit, waiting for it to sign for the case
    case dispatched
    /// 处置: the unit is handling it
    case handling
    /// 反馈: the unit reported it handled, waiting for verification
    case handled
    /// 核查通过: verified, waiting to be closed
    case verified
    /// 结案
    case closed
    /// 评价: closed and rated
    case rated
    /// 自处理: a grid worker fixed it on the spot, waiting for review
    case selfHandled = "self_handled"
    /// 挂账: cannot be handled now; resumed later
    case suspended
    /// 不予受理
    case rejected
    /// 合并: a duplicate, linked to its original
    case merged
    /// 作废: voided with a reason and the approval of the level above; never deleted
    case voided

    /// States no action leaves.
    public var isFinal: Bool { [.rejected, .merged, .voided].contains(self) }

    /// States of cases still being worked on (everything but closed, rated and final).
    public var isOpen: Bool { !isFinal && self != .closed && self != .rated }
}

/// What someone does to a case.
public enum CaseAction: String, WorkflowTerm, Codable {
    case accept, reject, merge, register
    /// 定位: the intake operator places a case reported with an address only (位置待确认) on the
    /// map; it is then routed like any located case
    case locate
    case selfHandle = "self_handle"
    case approveSelfHandling = "approve_self_handling"
    case refuseSelfHandling = "refuse_self_handling"
    case suspend, resume, dispatch
    /// 签收: the unit takes the case
    case signIn = "sign_in"
    /// 退回: the unit says it is not theirs
    case returnCase = "return"
    case requestExtension = "request_extension"
    case approveExtension = "approve_extension"
    case refuseExtension = "refuse_extension"
    /// 上报上级: hand the case to the command centre of the level above
    case escalate
    /// 吹哨: a township calls several departments, which must each report in (报到)
    case whistle
    case reportIn = "report_in"
    /// 反馈: the unit reports the case handled
    case handle
    case verify
    /// 返工: verification failed
    case rework
    case close, rate
    case requestVoid = "request_void"
    case approveVoid = "approve_void"
    case refuseVoid = "refuse_void"
}

/// The posts people hold towards one case; a caller's posts depend on the case (see ``CaseFacts``).
public enum CasePost: String, WorkflowTerm, Codable {
    /// 受理员 of the command centre owning the case
    case intakeOperator = "intake_operator"
    /// 值班长: registers, closes, approves
    case shiftLeader = "shift_leader"
    /// 派遣员
    case dispatcher
    /// The unit the case is dispatched to (a department, a workstation, a township)
    case handlingUnit = "handling_unit"
    /// A department whistled to co-handle the case
    case coHandler = "co_handler"
    /// 监督员/网格员 of the case's grid: verifies
    case verifier
    /// The grid worker who discovered the case
    case discoverer
    /// Whoever reported it (resident, hotline caller through their tracking token, …)
    case reporter
    /// The command centre of the level above the owning one
    case upperCentre = "upper_centre"
    /// 代核查: when no grid worker can verify in the case's grid, its grid leader, its community
    /// workstation or its owning centre verifies instead (never the unit that handled it)
    case standInVerifier = "stand_in_verifier"
}

/// What the rules need to know about a case and a caller to decide an action (see ``CaseFacts/init(record:caller:tokenMatches:)``).
public struct CaseFacts: WorkflowFacts, Hashable {
    public var posts: Set<CasePost>
    /// An extension request waits for the dispatcher.
    public var extensionPending: Bool
    /// A void request waits for the level above.
    public var voidRequested: Bool
    /// The case has been reopened once already (unsatisfied ratings reopen only once).
    public var reopened: Bool
    /// Co-handling departments that have not reported in yet include the caller.
    public var callerMustReportIn: Bool
    /// 位置待确认: reported with an address only, not yet placed on the map.
    public var locationPending: Bool
    /// The rating this step gives (`rate` only): an unsatisfied one may reopen the case.
    public var givenRating: CaseRating?

    public init(
        posts: Set<CasePost>, extensionPending: Bool = false, voidRequested: Bool = false, reopened: Bool = false,
        callerMustReportIn: Bool = false, locationPending: Bool = false, givenRating: CaseRating? = nil
    ) {
        self.posts = posts
        self.locationPending = locationPending
        self.extensionPending = extensionPending
        self.voidRequested = voidRequested
        self.reopened = reopened
        self.callerMustReportIn = callerMustReportIn
        self.givenRating = givenRating
    }
}

/// The named conditions of the case workflow's rows.
public enum CaseGuard: String, WorkflowGuard, CaseIterable {
    /// 巡办分离: the discoverer may not be the one who handles.
    case notDiscoverer = "not_discoverer"
    case extensionPending = "extension_pending"
    case noExtensionPending = "no_extension_pending"
    case voidRequested = "void_requested"
    case noVoidRequested = "no_void_requested"
    /// 位置待确认: the case has no position yet.
    case locationPending = "location_pending"
    /// Registered cases are dispatched: they need a position first.
    case locationKnown = "location_known"
    /// A whistled department that has not reported in yet.
    case mustReportIn = "must_report_in"
    /// An extension is approved by someone other than the unit that asked for it.
    case notHandlingUnit = "not_handling_unit"
    /// 不满意: the rating this step gives is unsatisfied.
    case ratingUnsatisfied = "rating_unsatisfied"
    /// Unsatisfied ratings reopen a case once only.
    case notReopened = "not_reopened"

    public func holds(for facts: CaseFacts) -> Bool {
        switch self {
        case .notDiscoverer: !facts.posts.contains(.discoverer)
        case .extensionPending: facts.extensionPending
        case .noExtensionPending: !facts.extensionPending
        case .voidRequested: facts.voidRequested
        case .noVoidRequested: !facts.voidRequested
        case .locationPending: facts.locationPending
        case .locationKnown: !facts.locationPending
        case .mustReportIn: facts.callerMustReportIn
        case .notHandlingUnit: !facts.posts.contains(.handlingUnit)
        case .ratingUnsatisfied: facts.givenRating == .unsatisfied
        case .notReopened: !facts.reopened
        }
    }
}

/// The case workflow (案件办理流程): its vocabulary and its one table of
/// (from state, action, posts, to state, guards).
public enum CaseWorkflow: WorkflowKind {
    public typealias State = CaseState
    public typealias Action = CaseAction
    public typealias Guard = CaseGuard
    public typealias Row = WorkflowRow<CaseWorkflow>

    public static let subject = "case"

    public static let table: WorkflowTable<CaseWorkflow> = {
        func t(_ from: CaseState, _ action: CaseAction, _ posts: Set<CasePost>, _ to: CaseState, _ guards: CaseGuard...)
            -> Row
        {
            Row(from: from, action: action, posts: posts, to: to, guards: guards)
        }
        var rows: [Row] = [
            t(.reported, .accept, [.intakeOperator], .accepted),
            t(.reported, .reject, [.intakeOperator, .shiftLeader], .rejected),
            t(.accepted, .reject, [.intakeOperator, .shiftLeader], .rejected),
            t(.reported, .merge, [.intakeOperator], .merged),
            t(.accepted, .merge, [.intakeOperator], .merged),
            t(.reported, .locate, [.intakeOperator], .reported, .locationPending),
            t(.accepted, .locate, [.intakeOperator], .accepted, .locationPending),
            t(.accepted, .register, [.shiftLeader], .registered, .locationKnown),
            t(.reported, .selfHandle, [.discoverer], .selfHandled),
            t(.selfHandled, .approveSelfHandling, [.shiftLeader], .closed),
            t(.selfHandled, .refuseSelfHandling, [.shiftLeader], .registered),
            t(.registered, .suspend, [.shiftLeader], .suspended),
            t(.suspended, .resume, [.shiftLeader], .registered),
            t(.registered, .dispatch, [.dispatcher], .dispatched),
            t(.registered, .escalate, [.shiftLeader, .dispatcher], .registered),
            t(.registered, .whistle, [.dispatcher], .dispatched),
            t(.dispatched, .signIn, [.handlingUnit], .handling, .notDiscoverer),
            t(.dispatched, .returnCase, [.handlingUnit], .registered),
            t(.handling, .returnCase, [.handlingUnit], .registered),
            t(.dispatched, .reportIn, [.coHandler], .dispatched, .mustReportIn),
            t(.handling, .reportIn, [.coHandler], .handling, .mustReportIn),
            t(.handling, .requestExtension, [.handlingUnit], .handling, .noExtensionPending),
            t(
                .handling, .approveExtension, [.dispatcher, .upperCentre], .handling, .extensionPending,
                .notHandlingUnit),
            t(
                .handling, .refuseExtension, [.dispatcher, .upperCentre], .handling, .extensionPending, .notHandlingUnit
            ),
            t(.handling, .handle, [.handlingUnit], .handled, .notDiscoverer),
            t(.handled, .verify, [.verifier, .discoverer], .verified),
            t(.handled, .rework, [.verifier, .discoverer], .handling),
            // 巡办分离 holds for a stand-in too: the unit that handled the case does not verify it.
            t(.handled, .verify, [.standInVerifier], .verified, .notHandlingUnit),
            t(.handled, .rework, [.standInVerifier], .handling, .notHandlingUnit),
            t(.verified, .close, [.shiftLeader], .closed),
            // 不满意 reopens the case once: back to the dispatcher. Before the plain rating row, which it overrides.
            t(.closed, .rate, [.reporter], .registered, .ratingUnsatisfied, .notReopened),
            t(.closed, .rate, [.reporter], .rated),
        ]
        for state in CaseState.allCases where state.isOpen {
            rows.append(t(state, .requestVoid, [.shiftLeader], state, .noVoidRequested))
            rows.append(t(state, .approveVoid, [.upperCentre], .voided, .voidRequested))
            rows.append(t(state, .refuseVoid, [.upperCentre], state, .voidRequested))
        }
        return WorkflowTable(rows)
    }()

    /// The row that lets this caller take `action` now, or the refusal with what is allowed instead.
    public static func transition(from state: CaseState, action: CaseAction, facts: CaseFacts) throws(WorkflowRefusal)
        -> Row
    {
        try table.transition(from: state, action: action, facts: facts)
    }

    /// The actions this caller may take on a case in `state` now.
    public static func allowedActions(from state: CaseState, facts: CaseFacts) -> [CaseAction] {
        table.allowedActions(from: state, facts: facts)
    }
}

/// A case action the workflow does not allow now: the API answers 409 with the allowed actions,
/// the case page names them.
public typealias WorkflowRefusal = StepRefusal<CaseWorkflow>

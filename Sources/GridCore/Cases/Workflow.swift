/// Where a case stands (案卷状态).
public enum CaseState: String, Sendable, Hashable, Codable, CaseIterable {
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

    /// States no action leaves (a rated case may still be reopened once by its rating).
    public var isFinal: Bool { [.rejected, .merged, .voided].contains(self) }

    /// States of cases still being worked on (everything but closed, rated and final).
    public var isOpen: Bool { !isFinal && self != .closed && self != .rated }
}

/// What someone does to a case.
public enum CaseAction: String, Sendable, Hashable, Codable, CaseIterable {
    case accept, reject, merge, register
    /// 定位: the intake operator places a case reported with an address only (位置待确认) on the
    /// map; it is then routed like any located case
    case locate
    case selfHandle = "self_handle", approveSelfHandling = "approve_self_handling", refuseSelfHandling = "refuse_self_handling"
    case suspend, resume, dispatch
    /// 签收: the unit takes the case
    case signIn = "sign_in"
    /// 退回: the unit says it is not theirs
    case returnCase = "return"
    case requestExtension = "request_extension", approveExtension = "approve_extension", refuseExtension = "refuse_extension"
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
    case requestVoid = "request_void", approveVoid = "approve_void", refuseVoid = "refuse_void"
}

/// The posts people hold towards one case; a caller's posts depend on the case (see ``CaseFacts``).
public enum CasePost: String, Sendable, Hashable, Codable, CaseIterable {
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
}

/// What the rules need to know about a case and a caller to decide an action.
public struct CaseFacts: Sendable, Hashable {
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

    public init(posts: Set<CasePost>, extensionPending: Bool = false, voidRequested: Bool = false, reopened: Bool = false,
                callerMustReportIn: Bool = false, locationPending: Bool = false) {
        self.posts = posts
        self.locationPending = locationPending
        self.extensionPending = extensionPending
        self.voidRequested = voidRequested
        self.reopened = reopened
        self.callerMustReportIn = callerMustReportIn
    }
}

/// One row of the workflow table.
public struct Transition: Sendable, Hashable {
    public enum Guard: String, Sendable, Hashable {
        case none
        /// 巡办分离: the discoverer may not be the one who handles.
        case notDiscoverer
        case extensionPending
        case noExtensionPending
        case voidRequested
        case noVoidRequested
        /// 位置待确认: the case has no position yet.
        case locationPending
        /// Registered cases are dispatched: they need a position first.
        case locationKnown
        case mustReportIn
        /// An extension is approved by someone other than the unit that asked for it.
        case extensionPendingNotHandlingUnit
    }

    public var from: CaseState
    public var action: CaseAction
    /// Any one of these posts may act.
    public var posts: Set<CasePost>
    /// The state after the action; the same state for actions that only record something.
    public var to: CaseState
    public var guardCondition: Guard
}

/// The workflow as data: one table of (from state, action, posts, to state, guard).
public enum Workflow {
    static let centre: Set<CasePost> = [.intakeOperator, .shiftLeader, .dispatcher]
    static let open = CaseState.allCases.filter(\.isOpen)

    public static let table: [Transition] = {
        func t(_ from: CaseState, _ action: CaseAction, _ posts: Set<CasePost>, _ to: CaseState, _ g: Transition.Guard = .none) -> Transition {
            Transition(from: from, action: action, posts: posts, to: to, guardCondition: g)
        }
        var rows: [Transition] = [
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
            t(.handling, .approveExtension, [.dispatcher, .upperCentre], .handling, .extensionPendingNotHandlingUnit),
            t(.handling, .refuseExtension, [.dispatcher, .upperCentre], .handling, .extensionPendingNotHandlingUnit),
            t(.handling, .handle, [.handlingUnit], .handled, .notDiscoverer),
            t(.handled, .verify, [.verifier, .discoverer], .verified),
            t(.handled, .rework, [.verifier, .discoverer], .handling),
            t(.verified, .close, [.shiftLeader], .closed),
            t(.closed, .rate, [.reporter], .rated),
        ]
        for state in open {
            rows.append(t(state, .requestVoid, [.shiftLeader], state, .noVoidRequested))
            rows.append(t(state, .approveVoid, [.upperCentre], .voided, .voidRequested))
            rows.append(t(state, .refuseVoid, [.upperCentre], state, .voidRequested))
        }
        return rows
    }()

    /// The row that lets this caller take `action` now, or the refusal with what is allowed instead.
    public static func transition(from state: CaseState, action: CaseAction, facts: CaseFacts) throws(WorkflowRefusal) -> Transition {
        if let row = table.first(where: { $0.from == state && $0.action == action && !$0.posts.isDisjoint(with: facts.posts) && passes($0.guardCondition, facts) }) {
            return row
        }
        throw WorkflowRefusal(state: state, action: action, allowed: allowedActions(from: state, facts: facts))
    }

    /// The actions this caller may take on a case in `state` now.
    public static func allowedActions(from state: CaseState, facts: CaseFacts) -> [CaseAction] {
        var seen: Set<CaseAction> = []
        return table.compactMap { row in
            guard row.from == state, !row.posts.isDisjoint(with: facts.posts), passes(row.guardCondition, facts),
                  seen.insert(row.action).inserted else { return nil }
            return row.action
        }
    }

    static func passes(_ condition: Transition.Guard, _ facts: CaseFacts) -> Bool {
        switch condition {
        case .none: true
        case .notDiscoverer: !facts.posts.contains(.discoverer)
        case .extensionPending: facts.extensionPending
        case .noExtensionPending: !facts.extensionPending
        case .voidRequested: facts.voidRequested
        case .noVoidRequested: !facts.voidRequested
        case .locationPending: facts.locationPending
        case .locationKnown: !facts.locationPending
        case .mustReportIn: facts.callerMustReportIn
        case .extensionPendingNotHandlingUnit: facts.extensionPending && !facts.posts.contains(.handlingUnit)
        }
    }
}

/// An action the workflow does not allow now: answered as 409 with the allowed actions.
public struct WorkflowRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var state: CaseState
    public var action: CaseAction
    public var allowed: [CaseAction]

    public init(state: CaseState, action: CaseAction, allowed: [CaseAction]) {
        self.state = state
        self.action = action
        self.allowed = allowed
    }

    public var description: String {
        "'\(action.rawValue)' is not allowed on a \(state.rawValue) case for you; allowed: "
            + (allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", "))
    }
}

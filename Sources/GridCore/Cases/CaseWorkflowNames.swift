// The case workflow's names for people, in one place. The states' and actions' words are the ones
// the staff pages use (GridServer's `state_*` and `action_*` strings; a GridServer test keeps the two alike).

extension CaseState {
    public func displayName(in language: WorkflowLanguage) -> String {
        let (zh, en): (String, String) =
            switch self {
            case .reported: ("已上报", "reported")
            case .accepted: ("已受理", "accepted")
            case .registered: ("已立案", "registered")
            case .dispatched: ("已派遣", "dispatched")
            case .handling: ("处置中", "being handled")
            case .handled: ("已反馈", "handled")
            case .verified: ("已核查", "verified")
            case .closed: ("已结案", "closed")
            case .rated: ("已评价", "rated")
            case .selfHandled: ("已自处理", "self-handled")
            case .suspended: ("挂账", "suspended")
            case .rejected: ("不予受理", "rejected")
            case .merged: ("已合并", "merged")
            case .voided: ("已作废", "voided")
            }
        return language == .zh ? zh : en
    }
}

extension CaseAction {
    public func displayName(in language: WorkflowLanguage) -> String {
        let (zh, en): (String, String) =
            switch self {
            case .accept: ("受理", "Accept")
            case .reject: ("不予受理", "Reject")
            case .merge: ("合并重复", "Merge duplicate")
            case .register: ("立案", "Register")
            case .locate: ("定位到地图", "Place on the map")
            case .selfHandle: ("自处理", "Handled on the spot")
            case .approveSelfHandling: ("同意自处理", "Approve self-handling")
            case .refuseSelfHandling: ("不同意自处理", "Refuse self-handling")
            case .suspend: ("挂账", "Suspend")
            case .resume: ("挂账恢复", "Resume")
            case .dispatch: ("派遣", "Dispatch")
            case .signIn: ("签收", "Sign for it")
            case .returnCase: ("退回", "Return")
            case .requestExtension: ("申请延期", "Ask for more time")
            case .approveExtension: ("同意延期", "Approve extension")
            case .refuseExtension: ("不同意延期", "Refuse extension")
            case .escalate: ("上报上级", "Escalate")
            case .whistle: ("吹哨", "Whistle departments")
            case .reportIn: ("报到", "Report in")
            case .handle: ("处置反馈", "Report handled")
            case .verify: ("核查通过", "Verified")
            case .rework: ("返工", "Send back for rework")
            case .close: ("结案", "Close")
            case .rate: ("评价", "Rate")
            case .requestVoid: ("申请作废", "Ask to void")
            case .approveVoid: ("同意作废", "Approve voiding")
            case .refuseVoid: ("不同意作废", "Refuse voiding")
            }
        return language == .zh ? zh : en
    }
}

extension CasePost {
    public func displayName(in language: WorkflowLanguage) -> String {
        let (zh, en): (String, String) =
            switch self {
            case .intakeOperator: ("受理员", "intake operator")
            case .shiftLeader: ("值班长", "shift leader")
            case .dispatcher: ("派遣员", "dispatcher")
            case .handlingUnit: ("处置单位", "handling unit")
            case .coHandler: ("协办部门", "co-handling department")
            case .verifier: ("监督员/网格员", "verifier (grid worker)")
            case .discoverer: ("发现人", "discoverer")
            case .reporter: ("上报人", "reporter")
            case .upperCentre: ("上级指挥中心", "command centre above")
            case .standInVerifier:
                (
                    "代核查（网格无网格员时：网格长、工作站或本级中心）",
                    "stand-in verifier (grid leader, workstation or centre, when the grid has no worker)"
                )
            }
        return language == .zh ? zh : en
    }
}

extension CaseGuard {
    public func describe(in language: WorkflowLanguage) -> String {
        let (zh, en): (String, String) =
            switch self {
            case .notDiscoverer: ("不是发现人（巡办分离）", "not the discoverer (patrol and handling kept apart)")
            case .extensionPending: ("有待批的延期申请", "an extension request is pending")
            case .noExtensionPending: ("没有待批的延期申请", "no extension request is pending")
            case .voidRequested: ("已申请作废", "voiding was requested")
            case .noVoidRequested: ("未申请作废", "voiding was not requested")
            case .locationPending: ("位置待确认", "location to be confirmed")
            case .locationKnown: ("位置已确认", "location known")
            case .mustReportIn: ("本部门尚未报到", "the department has not reported in")
            case .notHandlingUnit: ("不是处置单位本身", "not the handling unit itself")
            case .ratingUnsatisfied: ("评价为不满意", "the rating is unsatisfied")
            case .notReopened: ("此前未因不满意重办", "not reopened before")
            }
        return language == .zh ? zh : en
    }
}

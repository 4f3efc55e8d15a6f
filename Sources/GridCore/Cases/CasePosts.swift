extension CasePost {
    /// The posts `caller` holds towards `record` (岗位): decided by the case alone — its owning
    /// centre, the unit it was dispatched or whistled to, its grid, who found and who reported it —
    /// and the caller's role and scope. `tokenMatches`: the caller proved with the case's tracking
    /// code that they reported it.
    /// `gridHasWorker`: whether an active grid worker's scope holds the case's grid; without one,
    /// the grid leader, the workstation and the owning centre stand in to verify.
    public static func held(by caller: Caller, on record: CaseRecord, tokenMatches: Bool, gridHasWorker: Bool = true)
        -> Set<CasePost>
    {
        var posts: Set<CasePost> = []
        let top = caller.scope.topRegion
        if !gridHasWorker {
            let standsIn =
                switch caller.role {
                case .gridleader, .station: caller.scope.contains(record.regionCode)
                case .centre: top == record.centreCode
                default: false
                }
            if standsIn { posts.insert(.standInVerifier) }
        }
        switch caller.role {
        case .centre:
            if top == record.centreCode { posts.formUnion([.intakeOperator, .shiftLeader, .dispatcher]) }
            if let top, top != record.centreCode, top.contains(record.centreCode) { posts.insert(.upperCentre) }
            if caller.scope == .territory { posts.insert(.upperCentre) }
            if let top, record.handlingUnit == top.digits { posts.insert(.handlingUnit) }
        case .station:
            if let top, record.handlingUnit == top.digits { posts.insert(.handlingUnit) }
        case .dept:
            if case .department(let department) = caller.scope {
                if record.handlingUnit == department.value { posts.insert(.handlingUnit) }
                if record.coHandlers[department.value] != nil { posts.insert(.coHandler) }
            }
        case .worker, .gridleader:
            if caller.scope.contains(record.regionCode) { posts.insert(.verifier) }
        case .admin, .auditor, .leader, .resident, .integration:
            break
        }
        if record.discoverer == caller.actor { posts.insert(.discoverer) }
        if tokenMatches || (record.reporter != nil && record.reporter == caller.actor) { posts.insert(.reporter) }
        return posts
    }
}

extension CaseFacts {
    /// What the workflow needs to know to decide `caller`'s actions on `record` now.
    public init(record: CaseRecord, caller: Caller, tokenMatches: Bool, gridHasWorker: Bool = true) {
        var mustReportIn = false
        if case .department(let department) = caller.scope {
            mustReportIn = record.coHandlers[department.value] == false
        }
        self.init(
            posts: CasePost.held(by: caller, on: record, tokenMatches: tokenMatches, gridHasWorker: gridHasWorker),
            extensionPending: record.extensionRequestedHours != nil, voidRequested: record.voidReason != nil,
            reopened: record.reopened, callerMustReportIn: mustReportIn, locationPending: record.locationPending)
    }
}

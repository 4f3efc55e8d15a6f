/// What one step of a case counts as in the decision-support rollups (统计口径): the action, whether
/// it came after its step's due time, and for some actions what kind it was (the rating given, the
/// level that handled a closed case). Written beside the step in the case's history, so a rebuild
/// counts exactly what the live counters counted.
///
/// Its text is `action[.late][:qualifier]`: `register`, `dispatch.late`, `rate:satisfied`,
/// `close.late:department`.
public struct CaseMeasure: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var action: String
    /// Done after the due time of the step the case was in.
    public var late: Bool
    public var qualifier: String?

    public init(_ action: String, late: Bool = false, qualifier: String? = nil) {
        self.action = action
        self.late = late
        self.qualifier = qualifier
    }

    public init?(text: String) {
        var head = Substring(text)
        var qualifier: String?
        if let colon = head.firstIndex(of: ":") {
            qualifier = String(head[head.index(after: colon)...])
            head = head[..<colon]
        }
        var late = false
        if head.hasSuffix(".late") {
            late = true
            head = head.dropLast(5)
        }
        guard !head.isEmpty else { return nil }
        self.init(String(head), late: late, qualifier: qualifier)
    }

    public var description: String { action + (late ? ".late" : "") + (qualifier.map { ":" + $0 } ?? "") }

    public static func < (a: CaseMeasure, b: CaseMeasure) -> Bool { a.description < b.description }

    /// Actions that finish the work of a timed step: done late when the step's due time had passed.
    public static let timedActions: Set<String> = [
        "accept", "register", "dispatch", "whistle", "sign_in", "handle", "verify", "rework",
        "approve_self_handling",
    ]

    /// Steps counted at all; notes, attachments, urging and supervision are not.
    public static let countedActions: Set<String> =
        timedActions.union([
            "report", "reject", "merge", "self_handle", "refuse_self_handling", "suspend", "resume", "return",
            "escalate", "report_in", "close", "rate", "approve_void", "approve_extension",
        ])

    /// What a step of a case counts as, or `nil` when it is not counted. `current` is the case before
    /// the step (`nil` for its report), `next` after it; `everLate` says whether an earlier step of
    /// the case was late (a close is 按期 only when none was).
    public static func of(
        action: String, current: CaseRecord?, next: CaseRecord, at: Int64, everLate: Bool = false
    ) -> CaseMeasure? {
        guard countedActions.contains(action) else { return nil }
        var measure = CaseMeasure(action)
        if timedActions.contains(action), let current, let due = current.dueAtMilliseconds, current.step != nil {
            measure.late = at > due
        }
        switch action {
        case "rate": measure.qualifier = next.rating?.rawValue
        case "close":
            measure.late = everLate
            measure.qualifier = HandlingReach.of(next).rawValue
        case "approve_self_handling":
            // The grid worker fixed it on the spot: closed within the grid.
            measure.qualifier = HandlingReach.grid.rawValue
        default: break
        }
        return measure
    }
}

/// How far up a case went to be handled: 小事不出格 counts the grid's, 大事不出网 everything within
/// the county.
public enum HandlingReach: String, Sendable, CaseIterable {
    case grid, community, township, county, department
    /// Escalated to the command centre of a level above the county (上报上级).
    case upper

    public static func of(_ record: CaseRecord) -> HandlingReach {
        if record.centreCode.level < .county { return .upper }
        guard let unit = record.unit else { return .county }
        if DispatchRule.isDepartment(unit) { return .department }
        switch (try? RegionCode(unit))?.level {
        case .village: return .community
        case .township: return .township
        case .grid, .microGrid: return .grid
        default: return .county
        }
    }
}

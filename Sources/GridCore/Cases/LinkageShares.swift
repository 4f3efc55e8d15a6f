/// 三级联动 measured: at which level closed cases were handled, and the two shares the slogan
/// "小事不出格、大事不出网" promises.
public struct LinkageShares: Sendable, Hashable {
    /// Closed (or rated) cases by the level of the unit that handled them.
    public var closedByLevel: [HandlingLevelName: Int]
    public var open: Int
    public var overdue: Int

    public enum HandlingLevelName: String, Sendable, Hashable, CaseIterable {
        /// Fixed on the spot by the grid worker (自处理) or by the community workstation.
        case grid
        case township
        case county
        case department
    }

    public init(closedByLevel: [HandlingLevelName: Int], open: Int, overdue: Int) {
        self.closedByLevel = closedByLevel
        self.open = open
        self.overdue = overdue
    }

    public var closed: Int { closedByLevel.values.reduce(0, +) }

    /// 小事不出格: the share of closed cases settled within the grid and its community.
    public var withinGrid: Double? { share(closedByLevel[.grid, default: 0]) }

    /// 大事不出网: the share settled without leaving the township's network (grid, community, township).
    public var withinTownship: Double? {
        share(closedByLevel[.grid, default: 0] + closedByLevel[.township, default: 0])
    }

    private func share(_ part: Int) -> Double? { closed == 0 ? nil : Double(part) / Double(closed) }

    /// The level of a unit code: a department (`330106-CG`), or a region code by its level.
    public static func level(ofUnit unit: String?, selfHandled: Bool) -> HandlingLevelName {
        if selfHandled { return .grid }
        guard let unit else { return .county }
        if DispatchRule.isDepartment(unit) { return .department }
        guard let code = try? RegionCode(unit) else { return .county }
        switch code.level {
        case .village, .grid, .microGrid: return .grid
        case .township: return .township
        default: return .county
        }
    }
}

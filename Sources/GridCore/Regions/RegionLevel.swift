/// A level of the territory tree: 省 → 市 → 县(区) → 乡镇(街道) → 村(社区) → 网格 → 微网格.
public enum RegionLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    /// 省 province
    case province = 1
    /// 市 city (prefecture)
    case city = 2
    /// 县/区 county or district
    case county = 3
    /// 乡镇/街道 township or street
    case township = 4
    /// 村/社区 village or community
    case village = 5
    /// 网格 grid: a few hundred households with one grid worker
    case grid = 6
    /// 微网格 micro-grid: a building or unit inside a grid
    case microGrid = 7

    /// How many leading digits of a code identify a node of this level.
    public var significantDigits: Int {
        switch self {
        case .province: 2
        case .city: 4
        case .county: 6
        case .township: 9
        case .village: 12
        case .grid: 15
        case .microGrid: 18
        }
    }

    public var name: String {
        switch self {
        case .province: "province"
        case .city: "city"
        case .county: "county"
        case .township: "township"
        case .village: "village"
        case .grid: "grid"
        case .microGrid: "micro_grid"
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What an account is for. The raw values are the names used on the command line and in the API.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 管理员: accounts, regions, catalogues
    case admin
    /// 审计: reads and verifies the journal
    case auditor
    /// 综治中心/联动指挥中心 operator: accepts, dispatches, supervises. Spelled "centre" in code like
    /// every command centre; the name on the command line and in the API stays `center`.
    case centre = "center"
    /// 领导/考评: dashboards and assessments
    case leader
    /// 网格工作站/社区 staff
    case station
    /// 条线/职能部门: a line department handling dispatched cases
    case dept
    /// 网格长: oversees a grid or community
    case gridleader
    /// 网格员: patrols, visits, reports, verifies
    case worker
    /// 群众/居民
    case resident
    /// An integration (video analytics, IoT, another platform) through an API token
    case integration

    /// Roles that may create and change accounts.
    public var managesAccounts: Bool { self == .admin }
    /// Roles bound to a department rather than a region subtree.
    public var isDepartmental: Bool { self == .dept }
}

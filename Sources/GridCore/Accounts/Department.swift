/// A line department of a county (条线/职能部门: 城管局, 生态环境分局, …) that handles dispatched cases.
public struct Department: Sendable, Hashable {
    public var code: DepartmentCode
    public var name: String

    public init(code: DepartmentCode, name: String) {
        self.code = code
        self.name = name
    }
}

/// The part of the territory an account may see: a region subtree or a line department.
///
/// Every store query made for a caller is bounded by ``regionRange`` (an index range over region
/// codes), so a grid worker of one grid cannot reach another grid's data by any route.
public enum AccessScope: Sendable, Hashable, Codable {
    /// Everything: the top administrators and territory-wide integrations.
    case territory
    /// One region and everything below it.
    case region(RegionCode)
    /// A line department (城管, 环保, …) of a county: it sees its county's tree and, later, the cases
    /// dispatched to it.
    case department(DepartmentCode)

    /// The codes this scope may read.
    public var regionRange: CodeRange {
        switch self {
        case .territory: .everything
        case .region(let code): code.subtreeRange
        case .department(let department): CodeRange(prefix: department.countyCode)
        }
    }

    public func contains(_ code: RegionCode) -> Bool { regionRange.contains(code.digits) }

    /// Whether everything `other` reaches, this scope reaches too. A department reaches only itself.
    public func covers(_ other: AccessScope) -> Bool {
        switch (self, other) {
        case (.territory, _): true
        case (_, .territory): false
        case (.region(let outer), .region(let inner)): outer.contains(inner)
        case (.region(let outer), .department(let department)): outer.subtreeRange.contains(department.countyCode)
        case (.department(let outer), .department(let inner)): outer == inner
        case (.department, .region): false
        }
    }

    /// Whether this scope covers `other` and reaches beyond it: the territory is wider than any
    /// region or department, a region than the regions below it and its counties' departments.
    /// Equal scopes are not wider than each other.
    public func isWider(than other: AccessScope) -> Bool { covers(other) && !other.covers(self) }

    /// The top node of the scope when it is one region; `nil` for the whole territory.
    public var topRegion: RegionCode? {
        switch self {
        case .territory: nil
        case .region(let code): code
        case .department(let department): try? RegionCode(department.countyCode)
        }
    }
}

/// A line department's code: its county's six digits, a dash and a short upper-case key, e.g. `330106-CG` (城管).
public struct DepartmentCode: Sendable, Hashable, TextCodable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(DepartmentCodeError) {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 6, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            (1...16).contains(parts[1].utf8.count),
            parts[1].utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else { throw DepartmentCodeError(text: text) }
        guard let county = try? RegionCode(String(parts[0])), county.level == .county else {
            throw DepartmentCodeError(text: text)
        }
        value = text
    }

    public var countyCode: String { String(value.prefix(6)) }
    public var description: String { value }

    public init(checking text: String) throws { try self.init(text) }
    public var text: String { value }
}

public struct DepartmentCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public var description: String { reason.description }
    public var reason: Reason {
        "department code '\(text)' must be a county's six digits, a dash and 1–16 of A–Z, 0–9, _ (e.g. 330106-CG)"
    }
}

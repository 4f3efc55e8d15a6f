/// The official code of a node of the territory tree.
///
/// Administrative divisions use the 12-digit statistical division code (统计用区划代码), whose first
/// six digits are the GB/T 2260 code down to county: `330106000000` is 西湖区, `330106001000` a street
/// in it, `330106001001` a community. A grid appends three digits (`330106001001003`), a micro-grid
/// three more. Shorter GB/T 2260 forms (`330106`) are accepted and padded.
///
/// Every node's code starts with its ``significantPrefix`` and every descendant's code starts with
/// it too, so "everything under this node" is one range of the sorted codes:
/// `code >= prefix AND code < prefix.rangeUpperBound` (see ``subtreeRange``).
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical digits: 12, 15 or 18 of them.
    public let digits: String
    public let level: RegionLevel

    public init(_ text: String) throws(RegionCodeError) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .notDigits(text)
        }
        var digits = text
        switch text.utf8.count {
        case 2, 4, 6, 9: digits = text + String(repeating: "0", count: 12 - text.utf8.count)
        case 12, 15, 18: break
        default: throw .badLength(text)
        }
        let bytes = Array(digits.utf8)
        let level: RegionLevel
        switch bytes.count {
        case 18: level = .microGrid
        case 15: level = .grid
        default:
            if bytes[0] == 0x30 && bytes[1] == 0x30 { throw .zeroProvince(text) }
            func zero(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x30 } }
            if zero(2..<12) {
                level = .province
            } else if zero(4..<12) {
                level = .city
            } else if zero(6..<12) {
                level = .county
            } else if zero(9..<12) {
                level = .township
            } else {
                level = .village
            }
        }
        if bytes.count > 12 {
            // A grid's own three digits (and a micro-grid's) may not be 000: that would name its parent.
            let own = bytes[(bytes.count - 3)..<bytes.count]
            if own.allSatisfy({ $0 == 0x30 }) { throw .zeroSuffix(text) }
            // Grids hang under a village/community: the 12-digit part must be a village code.
            let villagePart = bytes[9..<12]
            if villagePart.allSatisfy({ $0 == 0x30 }) { throw .gridOutsideVillage(text) }
        }
        self.digits = digits
        self.level = level
    }

    /// The leading digits that every descendant shares (`3301` for 杭州市).
    public var significantPrefix: Substring { digits.prefix(level.significantDigits) }

    /// The county (GB/T 2260 six digits) this node lies in, or its own six leading digits above county.
    /// It is the distribution key of every territorial table.
    public var countyCode: String { String(digits.prefix(6)) }

    /// True when `other` is this node or lies below it.
    public func contains(_ other: RegionCode) -> Bool {
        other.level >= level && other.digits.hasPrefix(significantPrefix)
    }

    /// The half-open range of codes of this node's subtree, for an index range scan.
    public var subtreeRange: CodeRange { CodeRange(prefix: String(significantPrefix)) }

    public var description: String { digits }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.digits < rhs.digits }
}

/// `lowerBound <= code < upperBound` selects every code that starts with `prefix`.
public struct CodeRange: Sendable, Hashable {
    public let prefix: String
    public var lowerBound: String { prefix }
    /// The next decimal prefix: `"3301"` → `"3302"`, `"330109"` → `"33011"`. Only digits, so it sorts
    /// the same under any collation (PostgreSQL's locale ones included). An all-9 prefix gets 19
    /// nines, above every code (at most 18 digits).
    public var upperBound: String {
        var digits = Array(prefix.utf8)
        while let last = digits.last, last == 0x39 { digits.removeLast() }
        guard let last = digits.popLast() else { return String(repeating: "9", count: 19) }
        digits.append(last + 1)
        return String(decoding: digits, as: UTF8.self)
    }

    public init(prefix: String) { self.prefix = prefix }

    /// Every code: the whole territory.
    public static let everything = CodeRange(prefix: "")

    public func contains(_ code: String) -> Bool { code.hasPrefix(prefix) }
}

extension RegionCode: TextCodable {
    public init(checking text: String) throws { try self.init(text) }
    public var text: String { digits }
}

public enum RegionCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    case notDigits(String)
    case badLength(String)
    case zeroProvince(String)
    case zeroSuffix(String)
    case gridOutsideVillage(String)

    public var description: String { reason.description }

    public var reason: Reason {
        switch self {
        case .notDigits(let t): "region code '\(t)' must be digits only"
        case .badLength(let t):
            "region code '\(t)' must have 6, 9 or 12 digits (division), 15 (grid) or 18 (micro-grid)"
        case .zeroProvince(let t): "region code '\(t)' has no province (starts with 00)"
        case .zeroSuffix(let t): "region code '\(t)' ends in 000, which names its parent"
        case .gridOutsideVillage(let t): "grid code '\(t)' must extend a village/community code"
        }
    }
}

extension RegionCode {
    /// This node and its ancestors down from `top`, lowest first: a micro-grid's chain starts at its
    /// grid, since grids are the lattice counted and assessed.
    public func chain(upTo top: RegionLevel) -> [RegionCode] {
        let levels: [RegionLevel] = [.grid, .village, .township, .county, .city, .province]
        return levels.filter { $0 >= top && $0 <= level }.compactMap { level in
            try? RegionCode(String(digits.prefix(level.significantDigits)))
        }
    }
}

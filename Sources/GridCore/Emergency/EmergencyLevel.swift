import Foundation

/// 应急响应级别: the level a command centre switches a region subtree into (平战转换), Ⅰ the most
/// severe. While a region is in emergency its cases' step clocks run shorter and turn yellow (and are
/// urged) sooner, by the level's rule.
public enum EmergencyLevel: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Ⅰ级 特别重大
    case one = 1
    /// Ⅱ级 重大
    case two = 2
    /// Ⅲ级 较大
    case three = 3
    /// Ⅳ级 一般
    case four = 4

    /// More severe first: Ⅰ < Ⅱ.
    public static func < (lhs: EmergencyLevel, rhs: EmergencyLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `1` to `4`, or the Roman numeral users write (`Ⅱ`, `II`).
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "1", "I", "Ⅰ": self = .one
        case "2", "II", "Ⅱ": self = .two
        case "3", "III", "Ⅲ": self = .three
        case "4", "IV", "Ⅳ": self = .four
        default: return nil
        }
    }

    public var numeral: String { ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"][rawValue - 1] }

    /// The share of a category's working hours a step is allowed while in this level.
    public var limitShare: Double {
        switch self {
        case .one: 0.25
        case .two: 0.5
        case .three: 0.75
        case .four: 0.9
        }
    }

    /// The share of a step's (shortened) limit after which it turns yellow and is urged (催办);
    /// in peace time 0.8.
    public var warningShare: Double {
        switch self {
        case .one, .two: 0.5
        case .three: 0.6
        case .four: 0.7
        }
    }

    /// The colour the pages and the map give it, as the levels are customarily coloured.
    public var colour: String {
        switch self {
        case .one: "red"
        case .two: "orange"
        case .three: "yellow"
        case .four: "blue"
        }
    }
}

/// One region subtree switched into emergency: who switched it, when and why.
public struct EmergencyState: Sendable, Hashable {
    public var region: RegionCode
    public var level: EmergencyLevel
    public var since: Int64
    public var actor: String
    public var reason: String

    public init(region: RegionCode, level: EmergencyLevel, since: Int64, actor: String, reason: String) {
        self.region = region
        self.level = level
        self.since = since
        self.actor = actor
        self.reason = reason
    }
}

/// Every region in emergency, to find the level that governs a place: the most severe of those
/// declared at it and above it (a county in Ⅲ with one township in Ⅰ: the township is in Ⅰ, the
/// rest in Ⅲ; a township in Ⅳ inside a county in Ⅱ: Ⅱ).
public struct EmergencyMap: Sendable, Hashable {
    public private(set) var states: [RegionCode: EmergencyState]

    public init(_ states: [EmergencyState] = []) {
        self.states = Dictionary(states.map { ($0.region, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var isEmpty: Bool { states.isEmpty }

    /// The state governing `region`: the most severe declared at it or an ancestor; `nil` in peace.
    public func governing(_ region: RegionCode) -> EmergencyState? {
        guard !states.isEmpty else { return nil }
        var chain = region.chain(upTo: .province)
        if region.level == .microGrid { chain.append(region) }
        return chain.compactMap { states[$0] }.min { ($0.level, $1.region) < ($1.level, $0.region) }
    }

    /// The level governing `region`, if any.
    public func level(at region: RegionCode) -> EmergencyLevel? { governing(region)?.level }
}

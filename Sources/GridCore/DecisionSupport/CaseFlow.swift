/// How many steps of each measure a node counted over a period, by channel and category: what the
/// rollups hold, summed over days. Indicators are ratios of these counts (``Indicator``).
public struct CaseFlow: Sendable, Hashable {
    public struct Key: Hashable, Sendable {
        public var channel: String
        public var category: String
        public var measure: CaseMeasure

        public init(channel: String, category: String, measure: CaseMeasure) {
            self.channel = channel
            self.category = category
            self.measure = measure
        }
    }

    public var counts: [Key: Int] = [:]

    public init(counts: [Key: Int] = [:]) { self.counts = counts }

    public mutating func add(_ count: Int, channel: String, category: String, measure: CaseMeasure) {
        counts[Key(channel: channel, category: category, measure: measure), default: 0] += count
    }

    public mutating func add(_ other: CaseFlow) {
        for (key, count) in other.counts { counts[key, default: 0] += count }
    }

    /// Steps of one action, optionally only late or on-time ones, of some qualifiers, from some
    /// channels, of some categories.
    public func count(
        _ actions: String..., late: Bool? = nil, qualifiers: Set<String>? = nil, channels: Set<CaseChannel>? = nil,
        category: String? = nil
    ) -> Int {
        var total = 0
        for (key, count) in counts where actions.contains(key.measure.action) {
            if let late, key.measure.late != late { continue }
            if let qualifiers, !qualifiers.contains(key.measure.qualifier ?? "") { continue }
            if let channels, !channels.contains(where: { $0.rawValue == key.channel }) { continue }
            if let category, key.category != category { continue }
            total += count
        }
        return total
    }

    /// Reports (上报) by category, most first: what the category bars draw.
    public var reportsByCategory: [(category: String, count: Int)] {
        var byCategory: [String: Int] = [:]
        for (key, count) in counts where key.measure.action == "report" {
            byCategory[key.category, default: 0] += count
        }
        return byCategory.map { ($0.key, $0.value) }.sorted { ($0.count, $1.category) > ($1.count, $0.category) }
    }
}

/// A rate with what it is made of, so a page can show "42 / 50" beside "84.0%".
public struct Ratio: Sendable, Hashable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `nil` when there was nothing to measure (a zero denominator): no figure, rather than 0 or 100%.
    /// At most 1: in a short period a numerator's steps may answer a denominator's steps taken before
    /// the period began (a case closed today that was handled last week), and a rate above 100% would
    /// only confuse.
    public var value: Double? { denominator > 0 ? min(1, Double(numerator) / Double(denominator)) : nil }
}

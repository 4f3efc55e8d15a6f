import Foundation

/// 一人一码: a person's risk status from screening, 绿 the lowest; a household and a building take
/// the worst of their people.
public enum RiskStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case green, yellow, orange, red

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: RiskStatus, rhs: RiskStatus) -> Bool { lhs.rank < rhs.rank }

    public var chineseName: String {
        switch self {
        case .green: "绿码"
        case .yellow: "黄码"
        case .orange: "橙码"
        case .red: "红码"
        }
    }
}

/// 五色图: a region's colour on the screening map, 红 the highest risk.
public enum RegionRiskColour: String, Sendable, Hashable, Codable, CaseIterable {
    case red, orange, yellow, blue, green
}

/// A question's answer meets it when it is one of `equals`, or (a number question) at least `atLeast`.
public struct AnswerCondition: Sendable, Hashable, Codable {
    public var field: String
    public var equals: [String]?
    public var atLeast: Double?

    public init(field: String, equals: [String]? = nil, atLeast: Double? = nil) {
        (self.field, self.equals, self.atLeast) = (field, equals, atLeast)
    }

    public func isMet(by answers: [String: String]) -> Bool {
        guard let value = answers[field], !value.isEmpty else { return false }
        if let equals, !equals.contains(value) { return false }
        if let atLeast { guard let number = Double(value), number >= atLeast else { return false } }
        return true
    }

    private enum CodingKeys: String, CodingKey {
        case field, equals
        case atLeast = "at_least"
    }
}

/// The questionnaire of a screening campaign, defined by an administrator: typed questions (the
/// registries' field types), some required, some asked only when an earlier answer meets a condition.
public struct Questionnaire: Sendable, Hashable, Codable {
    public struct Question: Sendable, Hashable, Codable {
        public var key: String
        public var label: String
        public var type: PopulationGroup.Field.FieldType
        /// A `choice` question's choices; a `number` question's range as `[min, max]`.
        public var options: [String]
        public var required: Bool
        /// Asked only when this holds.
        public var showIf: AnswerCondition?

        public init(
            key: String, label: String, type: PopulationGroup.Field.FieldType, options: [String] = [],
            required: Bool = false, showIf: AnswerCondition? = nil
        ) {
            (self.key, self.label, self.type, self.options, self.required, self.showIf) = (
                key, label, type, options, required, showIf
            )
        }

        var field: PopulationGroup.Field { PopulationGroup.Field(key: key, label: label, type: type, options: options) }

        private enum CodingKeys: String, CodingKey {
            case key, label, type, options, required
            case showIf = "show_if"
        }

        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            key = try values.decode(String.self, forKey: .key)
            label = try values.decode(String.self, forKey: .label)
            type = try values.decode(PopulationGroup.Field.FieldType.self, forKey: .type)
            options = try values.decodeIfPresent([String].self, forKey: .options) ?? []
            required = try values.decodeIfPresent(Bool.self, forKey: .required) ?? false
            showIf = try values.decodeIfPresent(AnswerCondition.self, forKey: .showIf)
        }
    }

    public var questions: [Question]

    public init(questions: [Question]) { self.questions = questions }

    /// Answers checked question by question: values stored as the field type stores them, a
    /// required question answered whenever it is asked, nothing answered that was not asked.
    public func checked(_ answers: [String: String]) -> Result<[String: String], CampaignError> {
        var checked: [String: String] = [:]
        for key in answers.keys.sorted() where !questions.contains(where: { $0.key == key }) {
            return .failure(.answer(field: key, reason: "is not a question of this campaign"))
        }
        for question in questions {
            let asked = question.showIf.map { $0.isMet(by: checked) } ?? true
            let given = answers[question.key]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard asked else { continue }
            if given.isEmpty {
                if question.required { return .failure(.answer(field: question.key, reason: "is required")) }
                continue
            }
            switch question.field.checked(given) {
            case .success(let value): checked[question.key] = value
            case .failure(let error): return .failure(.answer(field: question.key, reason: error.reason))
            }
        }
        return .success(checked)
    }
}

/// What answers meeting every condition do: set the people's status (with the reason shown in
/// their history), raise a case of a category, tag the people.
public struct CampaignRule: Sendable, Hashable, Codable {
    public var when: [AnswerCondition]
    public var status: RiskStatus?
    public var reason: String
    public var raiseCase: String?
    public var tag: String?

    public init(
        when: [AnswerCondition], status: RiskStatus? = nil, reason: String, raiseCase: String? = nil, tag: String? = nil
    ) {
        (self.when, self.status, self.reason, self.raiseCase, self.tag) = (when, status, reason, raiseCase, tag)
    }

    public func isMet(by answers: [String: String]) -> Bool {
        !when.isEmpty && when.allSatisfy { $0.isMet(by: answers) }
    }

    private enum CodingKeys: String, CodingKey {
        case when, status, reason, tag
        case raiseCase = "raise_case"
    }
}

/// 五色图's rule: the first step whose share of visited households found at `status` or worse
/// reaches `share` gives the region its colour; green when none does.
public struct RegionColourRule: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var colour: RegionRiskColour
        public var status: RiskStatus
        public var share: Double

        public init(colour: RegionRiskColour, status: RiskStatus, share: Double) {
            (self.colour, self.status, self.share) = (colour, status, share)
        }
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// Red from 1% of households red, orange from 2% orange or worse, yellow from 5% yellow or worse,
    /// blue from any yellow or worse.
    public static let standard = RegionColourRule(steps: [
        Step(colour: .red, status: .red, share: 0.01), Step(colour: .orange, status: .orange, share: 0.02),
        Step(colour: .yellow, status: .yellow, share: 0.05), Step(colour: .blue, status: .yellow, share: 1e-9),
    ])

    /// The colour of an area whose visited households were found at each status as counted; `nil`
    /// before any household is visited.
    public func colour(visited: Int, found: [RiskStatus: Int]) -> RegionRiskColour? {
        guard visited > 0 else { return nil }
        for step in steps {
            let atLeast = found.filter { $0.key >= step.status }.values.reduce(0, +)
            if Double(atLeast) / Double(visited) >= step.share { return step.colour }
        }
        return .green
    }
}

/// A screening campaign as an administrator defines it (its JSON form).
public struct CampaignDefinition: Sendable, Hashable, Codable {
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// One task for every household (dwelling) of the registry in scope.
        case household
        /// One task for every person of the registry in scope.
        case person
    }

    public var title: String
    /// Two campaigns of one kind never overlap (疫情排查, 防汛排查 …).
    public var kind: String
    public var unit: Unit
    public var questionnaire: Questionnaire
    public var rules: [CampaignRule]
    public var colours: RegionColourRule

    public init(
        title: String, kind: String, unit: Unit = .household, questionnaire: Questionnaire, rules: [CampaignRule],
        colours: RegionColourRule = .standard
    ) {
        (self.title, self.kind, self.unit, self.questionnaire, self.rules, self.colours) = (
            title, kind, unit, questionnaire, rules, colours
        )
    }

    private enum CodingKeys: String, CodingKey {
        case title, kind, unit, questions, rules, colours
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        title = try values.decode(String.self, forKey: .title)
        kind = try values.decode(String.self, forKey: .kind)
        unit = try values.decodeIfPresent(Unit.self, forKey: .unit) ?? .household
        questionnaire = Questionnaire(questions: try values.decode([Questionnaire.Question].self, forKey: .questions))
        rules = try values.decodeIfPresent([CampaignRule].self, forKey: .rules) ?? []
        colours = try values.decodeIfPresent(RegionColourRule.self, forKey: .colours) ?? .standard
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(title, forKey: .title)
        try values.encode(kind, forKey: .kind)
        try values.encode(unit, forKey: .unit)
        try values.encode(questionnaire.questions, forKey: .questions)
        try values.encode(rules, forKey: .rules)
        try values.encode(colours, forKey: .colours)
    }

    /// Refuses a definition a campaign could not run by: no questions, a key twice, a choice without
    /// choices, a bad range, a condition or rule naming a missing question (or a choice it lacks),
    /// a rule that does nothing, colour shares outside 0…1.
    public func validated() throws(CampaignError) -> CampaignDefinition {
        func text(_ value: String, _ field: String, _ range: ClosedRange<Int>) throws(CampaignError) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard range.contains(trimmed.count) else {
                throw .definition(field: field, reason: "must be \(range.lowerBound) to \(range.upperBound) characters")
            }
            return trimmed
        }
        var result = self
        result.title = try text(title, "title", 2...100)
        result.kind = try text(kind, "kind", 1...40)
        let questions = questionnaire.questions
        guard (1...100).contains(questions.count) else {
            throw .definition(field: "questions", reason: "a campaign asks 1 to 100 questions")
        }
        var seen: [String: Questionnaire.Question] = [:]
        func checkCondition(_ condition: AnswerCondition, _ field: String) throws(CampaignError) {
            guard let question = seen[condition.field] else {
                throw .definition(field: field, reason: "names '\(condition.field)', which is not an earlier question")
            }
            guard condition.equals != nil || condition.atLeast != nil else {
                throw .definition(field: field, reason: "needs equals or at_least")
            }
            if question.type == .choice, let values = condition.equals,
                let missing = values.first(where: { !question.options.contains($0) })
            {
                throw .definition(field: field, reason: "'\(missing)' is not a choice of '\(question.key)'")
            }
            if condition.atLeast != nil, question.type != .number {
                throw .definition(
                    field: field, reason: "at_least needs a number question, and '\(question.key)' is not one")
            }
        }
        for (index, question) in questions.enumerated() {
            let field = "questions[\(index)]"
            guard question.key.range(of: #"^[a-z][a-z0-9_]{0,39}$"#, options: .regularExpression) != nil else {
                throw .definition(
                    field: "\(field).key", reason: "a key is a-z, 0-9 and _ (at most 40), starting with a letter")
            }
            guard seen[question.key] == nil else {
                throw .definition(field: "\(field).key", reason: "'\(question.key)' is asked twice")
            }
            _ = try text(question.label, "\(field).label", 1...200)
            if question.type == .choice, question.options.isEmpty {
                throw .definition(field: "\(field).options", reason: "a choice question needs its choices")
            }
            if question.type == .number, PopulationGroup.Field.numberRange(question.options) == nil {
                throw .definition(field: "\(field).options", reason: "a number question's range is [min, max]")
            }
            if let condition = question.showIf { try checkCondition(condition, "\(field).show_if") }
            seen[question.key] = question
        }
        guard rules.count <= 50 else { throw .definition(field: "rules", reason: "at most 50 rules") }
        for (index, rule) in rules.enumerated() {
            let field = "rules[\(index)]"
            guard !rule.when.isEmpty else {
                throw .definition(field: "\(field).when", reason: "a rule needs a condition")
            }
            for condition in rule.when { try checkCondition(condition, "\(field).when") }
            guard rule.status != nil || rule.raiseCase != nil || rule.tag != nil else {
                throw .definition(field: field, reason: "a rule sets a status, raises a case or tags")
            }
            _ = try text(rule.reason, "\(field).reason", 1...200)
        }
        for (index, step) in colours.steps.enumerated() {
            guard step.share > 0, step.share <= 1 else {
                throw .definition(field: "colours.steps[\(index)].share", reason: "a share is above 0 and at most 1")
            }
            guard step.status != .green else {
                throw .definition(
                    field: "colours.steps[\(index)].status", reason: "a step counts yellow, orange or red")
            }
        }
        return result
    }

    /// The rules the answers meet, in order.
    public func rulesMet(by answers: [String: String]) -> [CampaignRule] { rules.filter { $0.isMet(by: answers) } }

    /// The status the answers give: the worst of the rules met, green when none sets one.
    public func status(for answers: [String: String]) -> (RiskStatus, reasons: [String]) {
        let met = rulesMet(by: answers).filter { $0.status != nil }
        guard let worst = met.compactMap(\.status).max() else { return (.green, []) }
        return (worst, met.filter { $0.status == worst }.map(\.reason))
    }
}

/// Why a campaign's definition or an answer is refused, naming the field.
public enum CampaignError: Error, Sendable, Hashable, CustomStringConvertible {
    case definition(field: String, reason: Reason)
    case answer(field: String, reason: Reason)

    public var description: String {
        switch self {
        case .definition(let field, let reason), .answer(let field, let reason): "\(field): \(reason)"
        }
    }
}

import Foundation

/// 关注程度: how closely a key person is watched; with the group it sets how often they are visited.
public enum AttentionLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case general = "1"
    case moderate = "2"
    case serious = "3"

    public var chineseName: String {
        switch self {
        case .general: "一般"
        case .moderate: "中等"
        case .serious: "严重"
        }
    }

    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard
            let level = AttentionLevel(rawValue: trimmed) ?? Self.allCases.first(where: { $0.chineseName == trimmed })
        else { return nil }
        self = level
    }
}

/// A key-population group (重点人群): a care group (关爱对象: 独居老人, 残疾人 …) or a special group of
/// the comprehensive-governance data standard (特殊人群: 刑满释放, 社区矫正, 严重精神障碍 …), with
/// the fields a member's record holds and how often a member is visited at each attention level.
/// The shipped groups are ``shipped``; an administrator adds more (the catalogue is data).
public struct PopulationGroup: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 关爱对象: seen by everyone who works the grid.
        case care
        /// 特殊人群: seen only by the grid's worker, the comprehensive-governance centre and the
        /// department that manages the group.
        case special
    }

    /// One typed field of a member's record.
    public struct Field: Sendable, Hashable, Codable {
        public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
            case text, date, number, choice
        }

        public var key: String
        public var label: String
        public var type: FieldType
        /// The choices of a `choice` field; the range of a `number` field as `[min, max]`.
        public var options: [String]

        public init(key: String, label: String, type: FieldType, options: [String] = []) {
            (self.key, self.label, self.type, self.options) = (key, label, type, options)
        }

        /// A number field's range from its options (`[low, high]`, finite, low ≤ high); an empty
        /// range (no options) is any number, anything else is not a range.
        public static func numberRange(_ options: [String]) -> ClosedRange<Double>? {
            if options.isEmpty { return -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude }
            guard options.count == 2, let low = Double(options[0]), let high = Double(options[1]), low.isFinite,
                high.isFinite, low <= high
            else { return nil }
            return low...high
        }

        /// The value as stored, or why it is not one.
        public func checked(_ text: String) -> Result<String, InvalidValue> {
            let value = text.trimmingCharacters(in: .whitespaces)
            guard value.count <= 200 else { return .failure(InvalidValue("at most 200 characters")) }
            switch type {
            case .text: return .success(value)
            case .date:
                guard CalendarDay(value) != nil else {
                    return .failure(InvalidValue("'\(value)' is not a date (YYYY-MM-DD)"))
                }
                return .success(value)
            case .number:
                guard let number = Double(value.halfWidth), number.isFinite else {
                    return .failure(InvalidValue("'\(value)' is not a number"))
                }
                if let range = Self.numberRange(options), !range.contains(number) {
                    return .failure(InvalidValue("'\(value)' is not from \(options[0]) to \(options[1])"))
                }
                return .success(value.halfWidth)
            case .choice:
                guard options.contains(value) else {
                    return .failure(
                        InvalidValue("'\(value)' is not one of \(options.joined(separator: ", "))"))
                }
                return .success(value)
            }
        }
    }

    public var code: String
    public var name: String
    public var kind: Kind
    public var fields: [Field]
    /// Days between visits, by attention level (一般, 中等, 严重).
    public var visitDays: [AttentionLevel: Int]
    /// The department (by its suffix, `GA` for 公安) that manages a special group and may see its
    /// members in its county.
    public var managedBy: String?
    /// What a visit (走访) to a member records beyond what every visit does: 严重精神障碍's
    /// medication and guardian, 社区矫正's being at home …
    public var visitFields: [Field]

    public init(
        code: String, name: String, kind: Kind, fields: [Field], visitDays: [AttentionLevel: Int],
        managedBy: String? = nil, visitFields: [Field] = []
    ) {
        (self.code, self.name, self.kind, self.fields, self.visitDays, self.managedBy) = (
            code, name, kind, fields, visitDays, managedBy
        )
        self.visitFields = visitFields
    }

    private enum CodingKeys: String, CodingKey {
        case code, name, kind, fields, visitDays, managedBy, visitFields
    }

    /// A group stored before groups had visit fields reads with none (the shipped ones are kept
    /// by ``ScopedStore/populationGroups()``).
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        code = try values.decode(String.self, forKey: .code)
        name = try values.decode(String.self, forKey: .name)
        kind = try values.decode(Kind.self, forKey: .kind)
        fields = try values.decode([Field].self, forKey: .fields)
        visitDays = try values.decode([AttentionLevel: Int].self, forKey: .visitDays)
        managedBy = try values.decodeIfPresent(String.self, forKey: .managedBy)
        visitFields = try values.decodeIfPresent([Field].self, forKey: .visitFields) ?? []
    }

    /// A visit's answers to this group's visit fields, checked field by field.
    public func checkedVisit(_ answers: [String: String]) -> Result<[String: String], ImportProblems> {
        Self.checked(answers, against: visitFields, in: name)
    }

    /// Whether `caller` may see who belongs to this group (scope is checked besides). A resident
    /// never; a special group only the grid worker, a command centre (综治中心) and the department
    /// that manages it.
    public func isVisible(to caller: Caller) -> Bool {
        switch caller.role {
        case .resident, .integration, .auditor: return false
        case .worker, .centre: return true
        case .dept:
            guard kind == .special else { return false }
            guard case .department(let department) = caller.scope, let managedBy else { return false }
            return department.text.hasSuffix("-" + managedBy)
        case .admin, .leader, .station, .gridleader: return kind == .care
        }
    }

    /// A member's record checked field by field: every value typed as its field says, no field the
    /// group does not have.
    public func checkedDetails(_ details: [String: String]) -> Result<[String: String], ImportProblems> {
        Self.checked(details, against: fields, in: name)
    }

    private static func checked(_ details: [String: String], against fields: [Field], in name: String) -> Result<
        [String: String], ImportProblems
    > {
        var problems = ImportProblems()
        var checked: [String: String] = [:]
        for (key, value) in details.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            guard let field = fields.first(where: { $0.key == key }) else {
                problems.append(0, key, "the group \(name) has no field \(key)")
                continue
            }
            switch field.checked(value) {
            case .success(let stored): checked[key] = stored
            case .failure(let error): problems.append(0, key, error.reason)
            }
        }
        return problems.isEmpty ? .success(checked) : .failure(problems)
    }

    /// The groups GridGov ships: the special groups coded as the comprehensive-governance standard
    /// codes them (01–07) and the common care groups (C1–C6). Visit intervals are a starting point
    /// each county changes.
    public static let shipped: [PopulationGroup] = [
        PopulationGroup(
            code: "01", name: "刑满释放人员", kind: .special,
            fields: [
                Field(key: "charge", label: "原罪名", type: .text),
                Field(key: "sentence", label: "原判刑期", type: .text),
                Field(key: "release_date", label: "释放日期", type: .date),
                Field(key: "placement", label: "安置情况", type: .choice, options: ["已安置", "未安置"]),
                Field(key: "reoffended", label: "是否重新犯罪", type: .choice, options: ["否", "是"]),
            ], visitDays: [.general: 90, .moderate: 30, .serious: 7], managedBy: "GA",
            visitFields: [
                Field(key: "livelihood", label: "生活来源", type: .choice, options: ["务工", "经商", "务农", "低保", "家庭供养", "无"]),
                Field(key: "conduct", label: "现实表现", type: .choice, options: ["良好", "一般", "较差"]),
            ]),
        PopulationGroup(
            code: "02", name: "社区矫正人员", kind: .special,
            fields: [
                Field(
                    key: "correction_type", label: "矫正类别", type: .choice, options: ["管制", "缓刑", "假释", "暂予监外执行"]),
                Field(key: "charge", label: "罪名", type: .text),
                Field(key: "start_date", label: "矫正开始日期", type: .date),
                Field(key: "end_date", label: "矫正结束日期", type: .date),
            ], visitDays: [.general: 30, .moderate: 14, .serious: 7], managedBy: "SF",
            visitFields: [
                Field(key: "at_home", label: "是否在家", type: .choice, options: ["是", "否"]),
                Field(key: "reported", label: "按时报到", type: .choice, options: ["是", "否"]),
            ]),
        PopulationGroup(
            code: "03", name: "严重精神障碍患者", kind: .special,
            fields: [
                Field(key: "guardian", label: "监护人", type: .text),
                Field(key: "diagnosis", label: "诊断", type: .text),
                Field(key: "danger_level", label: "危险性评估等级", type: .number, options: ["0", "5"]),
                Field(key: "treatment", label: "治疗情况", type: .choice, options: ["未治疗", "门诊治疗", "住院治疗", "康复"]),
            ], visitDays: [.general: 90, .moderate: 30, .serious: 14], managedBy: "GA",
            visitFields: [
                Field(key: "medication", label: "按时服药", type: .choice, options: ["是", "否", "不规律"]),
                Field(key: "guardian_present", label: "监护人在场", type: .choice, options: ["是", "否"]),
                Field(key: "danger_now", label: "当前危险性等级", type: .number, options: ["0", "5"]),
                Field(key: "gone_out", label: "是否外出", type: .choice, options: ["是", "否"]),
            ]),
        PopulationGroup(
            code: "04", name: "吸毒人员", kind: .special,
            fields: [
                Field(key: "first_found", label: "初次发现日期", type: .date),
                Field(key: "detox_type", label: "戒毒类型", type: .choice, options: ["强制", "社区戒毒", "社区康复", "自愿"]),
                Field(key: "drug", label: "吸食毒品种类", type: .text),
            ], visitDays: [.general: 30, .moderate: 14, .serious: 7], managedBy: "GA",
            visitFields: [
                Field(key: "test", label: "尿检结果", type: .choice, options: ["阴性", "阳性", "未检"]),
                Field(key: "at_home", label: "是否在家", type: .choice, options: ["是", "否"]),
            ]),
        PopulationGroup(
            code: "05", name: "艾滋病危险人员", kind: .special, fields: [Field(key: "note", label: "情况说明", type: .text)],
            visitDays: [.general: 90, .moderate: 30, .serious: 14], managedBy: "WJ",
            visitFields: [Field(key: "situation", label: "近况", type: .text)]),
        PopulationGroup(
            code: "06", name: "重点青少年", kind: .special,
            fields: [
                Field(
                    key: "youth_type", label: "人员类型", type: .choice,
                    options: ["闲散青少年", "不良行为青少年", "流浪乞讨未成年人", "服刑人员未成年子女", "农村留守儿童", "受艾滋病影响"]),
                Field(key: "guardian", label: "监护人", type: .text),
                Field(key: "helper", label: "帮扶人", type: .text),
            ], visitDays: [.general: 60, .moderate: 30, .serious: 14], managedBy: "TW",
            visitFields: [
                Field(key: "guardianship", label: "监护情况", type: .text),
                Field(key: "schooling", label: "就学就业", type: .choice, options: ["在校", "辍学", "就业", "其他"]),
            ]),
        PopulationGroup(
            code: "07", name: "重点上访人员", kind: .special, fields: [Field(key: "matter", label: "信访事项", type: .text)],
            visitDays: [.general: 30, .moderate: 14, .serious: 7], managedBy: "XF",
            visitFields: [
                Field(key: "mood", label: "思想动态", type: .choice, options: ["稳定", "波动", "激烈"]),
                Field(key: "petition_sign", label: "有无上访苗头", type: .choice, options: ["无", "有"]),
            ]),
        PopulationGroup(
            code: "C1", name: "独居老人", kind: .care,
            fields: [
                Field(key: "living", label: "居住情况", type: .choice, options: ["独居", "与家人同居", "敬老院"]),
                Field(key: "contact", label: "紧急联系人", type: .text),
            ], visitDays: [.general: 30, .moderate: 14, .serious: 7],
            visitFields: [
                Field(key: "health", label: "身体状况", type: .choice, options: ["良好", "一般", "较差"]),
                Field(key: "needs", label: "生活需求", type: .text),
            ]),
        PopulationGroup(
            code: "C2", name: "高龄老人", kind: .care, fields: [Field(key: "health", label: "健康状况", type: .text)],
            visitDays: [.general: 30, .moderate: 14, .serious: 7],
            visitFields: [Field(key: "health", label: "身体状况", type: .choice, options: ["良好", "一般", "较差"])]),
        PopulationGroup(
            code: "C3", name: "残疾人", kind: .care,
            fields: [
                Field(
                    key: "disability", label: "残疾类别", type: .choice,
                    options: ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]),
                Field(key: "grade", label: "残疾等级", type: .number, options: ["1", "4"]),
            ], visitDays: [.general: 60, .moderate: 30, .serious: 14],
            visitFields: [Field(key: "needs", label: "帮扶需求", type: .text)]),
        PopulationGroup(
            code: "C4", name: "低保/特困人员", kind: .care, fields: [Field(key: "since", label: "纳入日期", type: .date)],
            visitDays: [.general: 60, .moderate: 30, .serious: 14],
            visitFields: [Field(key: "living", label: "生活状况", type: .text)]),
        PopulationGroup(
            code: "C5", name: "留守儿童", kind: .care,
            fields: [
                Field(key: "guardian", label: "监护人", type: .text),
                Field(key: "parents", label: "父母务工地", type: .text),
            ], visitDays: [.general: 30, .moderate: 14, .serious: 7],
            visitFields: [
                Field(key: "guardian", label: "监护人", type: .text),
                Field(key: "school", label: "就学情况", type: .choice, options: ["在校", "辍学", "未入学"]),
            ]),
        PopulationGroup(
            code: "C6", name: "优抚对象", kind: .care, fields: [Field(key: "category", label: "优抚类别", type: .text)],
            visitDays: [.general: 90, .moderate: 60, .serious: 30],
            visitFields: [Field(key: "needs", label: "诉求", type: .text)]),
    ]
}

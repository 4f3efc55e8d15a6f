/// What the people registry keeps of a person beyond name, identity, phone, ethnicity and address:
/// the census fields (曾用名, 政治面貌, 文化程度 …), the household (户) and the person's place in it,
/// and the fields only one population type has (流动: arrival and residence permit; 境外: nationality
/// and visa; 留守: who heads the family). Each is a typed field as a key-population group's are, so
/// one checker serves imports, the phone form and the API; a person's profile is stored as one
/// object, merged field by field.
public enum PersonProfile {
    public typealias Field = PopulationGroup.Field

    /// A set of fields shown together; `populationType` when only people of that type have them.
    public struct Section: Sendable, Hashable {
        public var key: String
        public var label: String
        public var populationType: PopulationType?
        public var fields: [Field]
    }

    /// 与户主关系 by GB/T 4761 (家庭关系代码), the codes a household register uses.
    public static let relations: [(code: String, name: String)] = [
        ("02", "户主"), ("10", "配偶"), ("20", "子"), ("30", "女"), ("40", "孙子女"), ("50", "父母"),
        ("60", "祖父母"), ("70", "兄弟姐妹"), ("80", "其他亲属"), ("99", "非亲属"),
    ]

    public static let sections: [Section] = [
        Section(
            key: "census", label: "基本情况", populationType: nil,
            fields: [
                Field(key: "former_name", label: "曾用名", type: .text),
                Field(key: "native_place", label: "籍贯", type: .text),
                Field(
                    key: "politics", label: "政治面貌", type: .choice,
                    options: ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"]),
                Field(
                    key: "education", label: "文化程度", type: .choice,
                    options: ["研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学", "文盲或半文盲"]),
                Field(key: "marital", label: "婚姻状况", type: .choice, options: ["未婚", "已婚", "丧偶", "离婚"]),
                Field(
                    key: "religion", label: "宗教信仰", type: .choice,
                    options: ["无", "佛教", "道教", "伊斯兰教", "天主教", "基督教", "其他"]),
                Field(key: "occupation", label: "职业", type: .text),
                Field(key: "registered_address", label: "户籍地址", type: .text),
            ]),
        Section(
            key: "household", label: "户籍与居住", populationType: nil,
            fields: [
                Field(key: "household_number", label: "户号", type: .text),
                Field(key: "relation", label: "与户主关系", type: .choice, options: relations.map(\.name)),
                Field(key: "residence", label: "人户状态", type: .choice, options: ["人户一致", "户在人不在", "人在户不在"]),
            ]),
        Section(
            key: "floating", label: "流动人口", populationType: .floating,
            fields: [
                Field(key: "arrival_date", label: "来本地日期", type: .date),
                Field(
                    key: "move_reason", label: "流入原因", type: .choice,
                    options: ["务工", "经商", "投靠亲友", "学习培训", "婚嫁", "治病", "其他"]),
                Field(key: "permit_type", label: "居住证件", type: .choice, options: ["登记", "临时居住证", "居住证"]),
                Field(key: "permit_expiry", label: "证件有效期至", type: .date),
            ]),
        Section(
            key: "foreign", label: "境外人员", populationType: .foreign,
            fields: [
                Field(key: "nationality", label: "国籍", type: .text),
                Field(
                    key: "document_type", label: "证件类型", type: .choice,
                    options: ["护照", "外国人永久居留身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他"]),
                Field(key: "visa_expiry", label: "签证有效期至", type: .date),
                Field(key: "entry_date", label: "入境日期", type: .date),
                Field(key: "departure_date", label: "预计离境日期", type: .date),
            ]),
        Section(
            key: "left_behind", label: "留守人员", populationType: .leftBehind,
            fields: [
                Field(key: "left_behind_kind", label: "留守类型", type: .choice, options: ["老人", "妇女", "儿童"]),
                Field(key: "family_head", label: "家庭主要成员", type: .text),
                Field(key: "difficulties", label: "困难及诉求", type: .text),
            ]),
    ]

    public static let fields: [Field] = sections.flatMap(\.fields)

    /// The import headers offices use for these fields, beside the keys themselves.
    public static let chineseHeaders: [String: String] = {
        var headers: [String: String] = [:]
        for field in fields { headers[field.label] = field.key }
        headers["户口号"] = "household_number"
        headers["家庭关系"] = "relation"
        headers["居住证类型"] = "permit_type"
        headers["户籍地详址"] = "registered_address"
        return headers
    }()

    /// A profile checked: every value typed as its field says (a GB/T 4761 code stands for its
    /// relation), and no field of another population type than `type` when the row names one.
    public static func checked(_ values: [String: String], type: PopulationType?) -> Result<
        [String: String], ImportProblems
    > {
        var problems = ImportProblems()
        var checked: [String: String] = [:]
        for section in sections {
            for field in section.fields {
                guard var value = values[field.key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                    continue
                }
                if let owner = section.populationType, let type, owner != type {
                    problems.append(0, field.key, "\(field.label) is kept for \(owner.chineseName) people only")
                    continue
                }
                if field.key == "relation", let named = relations.first(where: { $0.code == value.halfWidth }) {
                    value = named.name
                }
                switch field.checked(value) {
                case .success(let stored): checked[field.key] = stored
                case .failure(let error): problems.append(0, field.key, error.reason)
                }
            }
        }
        return problems.isEmpty ? .success(checked) : .failure(problems)
    }
}

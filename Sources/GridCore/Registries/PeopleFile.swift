/// A people file (实有人口) as offices send them: CSV with the header in English
/// (`name,id_number,phone,ethnicity,household_type,grid_code,address,tags`) or the usual Chinese
/// (`姓名,公民身份号码,联系电话,民族,人口类型,网格编码,住址,标签`; 身份证号, 手机号, 户籍类型 … too),
/// columns in any order, extra columns refused by name. Every row is checked; the rows that pass
/// and the problems (line, column, reason) are both kept, so the importer can take all or nothing
/// or the valid rows only.
public struct PeopleFile: Sendable {
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var name: String
        public var identity: IdentityNumber?
        public var phone: String?
        public var ethnicity: String?
        /// `nil` when the row does not say (a new person is then 户籍; a merged one keeps theirs).
        public var populationType: PopulationType?
        public var grid: RegionCode
        public var address: String?
        public var tags: [String]
        /// The ``PersonProfile`` fields the row gives, checked.
        public var profile: [String: String] = [:]
    }

    /// The columns a script writes; the ``PersonProfile`` fields may follow, in any order.
    public static let canonicalColumns = [
        "name", "id_number", "phone", "ethnicity", "household_type", "grid_code", "address", "tags",
    ]

    public static let columns = ImportColumns(
        names: canonicalColumns + PersonProfile.fields.map(\.key),
        required: ["name", "grid_code"],
        chinese: [
            "姓名": "name", "公民身份号码": "id_number", "身份证号": "id_number", "身份证号码": "id_number",
            "联系电话": "phone", "手机号": "phone", "手机号码": "phone", "电话": "phone", "民族": "ethnicity",
            "人口类型": "household_type", "户籍类型": "household_type", "户口类型": "household_type",
            "网格编码": "grid_code", "所属网格": "grid_code", "网格": "grid_code", "住址": "address", "现住址": "address",
            "居住地址": "address", "标签": "tags",
        ].merging(PersonProfile.chineseHeaders) { first, _ in first })
    /// Rows past this are refused: a people file is a county's at most.
    public static let maxRows = 2_000_000

    /// A phone as it is indexed and searched: its digits alone (`0571-8765 4321` → `057187654321`).
    public static func phoneDigits(_ text: String) -> String {
        String(text.halfWidth.filter { $0.isASCII && $0.isNumber })
    }

    public private(set) var rows: [Row] = []
    public private(set) var problems = ImportProblems()

    /// `table`: the file read (``ImportTable``). `latest`: today, for birth dates. `isPhone` checks a
    /// phone as case intake does.
    public init(table: ImportTable, latest: CalendarDay?, isPhone: (String) -> Bool) {
        if case .failure(let problems) = Self.columns.positions(in: table.header) {
            self.problems = problems
            return
        }
        guard table.rows.count <= Self.maxRows else {
            problems.append(1, nil, "the file has more than \(Self.maxRows) rows")
            return
        }
        var problems = ImportProblems()
        rows = Self.columns.rows(of: table, problems: &problems) { n, field, problems in
            Self.row(n, field, latest: latest, isPhone: isPhone, problems: &problems)
        }
        self.problems = problems
    }

    private static func row(
        _ n: Int, _ field: (String) -> String, latest: CalendarDay?, isPhone: (String) -> Bool,
        problems: inout ImportProblems
    ) -> Row? {
        guard let name = try? TextRule.name.checked(field("name")) else {
            problems.append(n, "name", "a name is 1 to 64 characters")
            return nil
        }
        var identity: IdentityNumber?
        if !field("id_number").isEmpty {
            do { identity = try IdentityNumber(field("id_number"), latest: latest) } catch {
                problems.append(n, "id_number", error.reason)
                return nil
            }
        }
        let typedPhone = field("phone").halfWidth
        if !typedPhone.isEmpty, !isPhone(typedPhone) {
            problems.append(n, "phone", "'\(typedPhone)' is not a mobile (11 digits) or landline number")
            return nil
        }
        let phone = typedPhone.isEmpty ? nil : phoneDigits(typedPhone)
        var ethnicity: String?
        if !field("ethnicity").isEmpty {
            guard let code = Ethnicity.code(field("ethnicity")) else {
                problems.append(n, "ethnicity", "'\(field("ethnicity"))' is not an ethnicity of GB/T 3304")
                return nil
            }
            ethnicity = code
        }
        var populationType: PopulationType?
        if !field("household_type").isEmpty {
            guard let type = PopulationType(text: field("household_type")) else {
                problems.append(n, "household_type", "'\(field("household_type"))' is not 户籍, 流动, 留守 or 境外")
                return nil
            }
            populationType = type
        }
        guard let grid = try? RegionCode(field("grid_code")), grid.level >= .grid else {
            problems.append(n, "grid_code", "'\(field("grid_code"))' is not a grid's code (15 or 18 digits)")
            return nil
        }
        let address = field("address").isEmpty ? nil : field("address")
        if let address, (try? TextRule(length: 0...200).checked(address)) == nil {
            problems.append(n, "address", "an address is at most 200 characters")
            return nil
        }
        let tags = field("tags").split(whereSeparator: { "|;；、".contains($0) }).map { String($0).trimmingSpaces() }
            .filter { !$0.isEmpty }
        var profile: [String: String] = [:]
        for column in PersonProfile.fields { profile[column.key] = field(column.key) }
        switch PersonProfile.checked(profile, type: populationType) {
        case .success(let checked): profile = checked
        case .failure(let wrong):
            for problem in wrong.problems { problems.append(n, problem.field, problem.reason) }
            return nil
        }
        return Row(
            line: n, name: name, identity: identity, phone: phone, ethnicity: ethnicity,
            populationType: populationType, grid: grid, address: address, tags: tags, profile: profile)
    }
}

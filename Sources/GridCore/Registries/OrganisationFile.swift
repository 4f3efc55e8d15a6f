/// An organisations file (实有单位): one row an organisation, known by its unified social credit
/// code (GB 32100, check character validated), with its type, address, grid, contact phone (sealed
/// like every other phone), legal representative and flags (危化品, 重点单位, 九小场所 …). English or
/// the usual Chinese headers, columns in any order.
public struct OrganisationFile: Sendable {
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var name: String
        public var creditCode: CreditCode
        public var type: String?
        public var address: String?
        public var grid: RegionCode
        public var phone: String?
        public var legalRepresentative: String?
        public var flags: [String]
    }

    public static let columns = ImportColumns(
        names: [
            "name", "credit_code", "type", "address", "grid_code", "contact_phone", "legal_representative", "flags",
        ],
        required: ["name", "credit_code", "grid_code"],
        chinese: [
            "单位名称": "name", "名称": "name", "统一社会信用代码": "credit_code", "信用代码": "credit_code",
            "单位类型": "type", "类型": "type", "地址": "address", "单位地址": "address", "经营地址": "address",
            "网格编码": "grid_code", "所属网格": "grid_code", "联系电话": "contact_phone", "法定代表人": "legal_representative",
            "法人": "legal_representative", "标签": "flags", "单位标识": "flags",
        ])
    public static let maxRows = 1_000_000

    public private(set) var rows: [Row] = []
    public private(set) var problems = ImportProblems()

    public init(table: ImportTable, isPhone: (String) -> Bool) {
        if case .failure(let problems) = Self.columns.positions(in: table.header) {
            self.problems = problems
            return
        }
        guard table.rows.count <= Self.maxRows else {
            problems.append(1, nil, "the file has more than \(Self.maxRows) rows")
            return
        }
        var problems = ImportProblems()
        rows = Self.columns.rows(of: table, problems: &problems) { n, field, problems -> Row? in
            guard let name = try? TextRule(length: 1...100).checked(field("name")) else {
                problems.append(n, "name", "a name is 1 to 100 characters")
                return nil
            }
            let code: CreditCode
            do throws(InvalidValue) { code = try CreditCode(field("credit_code")) } catch {
                problems.append(n, "credit_code", error.reason)
                return nil
            }
            guard let grid = try? RegionCode(field("grid_code")), grid.level >= .grid else {
                problems.append(n, "grid_code", "'\(field("grid_code"))' is not a grid's code (15 or 18 digits)")
                return nil
            }
            let typedPhone = field("contact_phone").halfWidth
            if !typedPhone.isEmpty, !isPhone(typedPhone) {
                problems.append(n, "contact_phone", "'\(typedPhone)' is not a mobile (11 digits) or landline number")
                return nil
            }
            for column in ["type", "legal_representative"] where field(column).count > 64 {
                problems.append(n, column, "a type or a legal representative is at most 64 characters")
                return nil
            }
            let address = field("address")
            if address.count > 200 {
                problems.append(n, "address", "an address is at most 200 characters")
                return nil
            }
            let flags = field("flags").split(whereSeparator: { "|;；、".contains($0) }).map {
                String($0).trimmingSpaces()
            }.filter { !$0.isEmpty }
            return Row(
                line: n, name: name, creditCode: code, type: field("type").isEmpty ? nil : field("type"),
                address: address.isEmpty ? nil : address, grid: grid,
                phone: typedPhone.isEmpty ? nil : PeopleFile.phoneDigits(typedPhone),
                legalRepresentative: field("legal_representative").isEmpty ? nil : field("legal_representative"),
                flags: flags)
        }
        self.problems = problems
    }
}

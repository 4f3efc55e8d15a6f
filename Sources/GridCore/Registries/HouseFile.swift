import Foundation

/// 房屋用途: what a house is used for, coded as the comprehensive-governance standard lists them.
public enum HouseUse: String, Sendable, Hashable, CaseIterable {
    case ownerOccupied = "10"
    case rented = "20"
    case vacant = "30"
    case business = "40"
    case dormitory = "50"
    case other = "90"

    public var chineseName: String {
        switch self {
        case .ownerOccupied: "自住"
        case .rented: "出租"
        case .vacant: "闲置"
        case .business: "经营"
        case .dormitory: "集体宿舍"
        case .other: "其他"
        }
    }

    /// A code (`20`) or a name (`出租`, `出租房屋`).
    public init?(text: String) {
        let trimmed = text.halfWidth.trimmingCharacters(in: .whitespaces)
        if let byCode = HouseUse(rawValue: trimmed) {
            self = byCode
            return
        }
        guard let named = Self.allCases.first(where: { trimmed.hasPrefix($0.chineseName) }) else { return nil }
        self = named
    }
}

/// 隐患等级: a rental's or an organisation's hidden-danger level.
public enum HazardLevel: String, Sendable, Hashable, CaseIterable {
    case safe = "1"
    case moderate = "2"
    case serious = "3"

    public var chineseName: String {
        switch self {
        case .safe: "安全"
        case .moderate: "一般"
        case .serious: "严重"
        }
    }

    public init?(text: String) {
        let trimmed = text.halfWidth.trimmingCharacters(in: .whitespaces)
        guard let level = HazardLevel(rawValue: trimmed) ?? Self.allCases.first(where: { $0.chineseName == trimmed })
        else { return nil }
        self = level
    }
}

/// A houses file (实有房屋): one row a house, placed in the standard-address tree by its address,
/// building, unit and room, with its use, its owner (by identity number, sealed like every other)
/// and, for a rental (出租房屋), its tenants, their limit and its hidden-danger level. English or
/// the usual Chinese headers, columns in any order.
public struct HouseFile: Sendable {
    public struct Row: Sendable, Hashable {
        public var line: Int
        /// The address's names from the place down (``AddressFile/path(place:building:unit:room:)``).
        public var path: [String]
        public var grid: RegionCode
        public var use: HouseUse
        public var owner: IdentityNumber?
        /// Square metres.
        public var area: Double?
        public var tenants: Int?
        public var tenantLimit: Int?
        public var hazard: HazardLevel?
    }

    public static let columns = ImportColumns(
        names: [
            "address", "building", "unit", "room", "grid_code", "use", "owner_id_number", "area", "tenants",
            "tenant_limit", "hazard_level",
        ],
        required: ["address", "grid_code", "use"],
        chinese: [
            "地址": "address", "房屋地址": "address", "门牌地址": "address", "小区": "address", "楼栋": "building",
            "楼幢": "building", "幢": "building", "单元": "unit", "室": "room", "房号": "room", "房间号": "room",
            "网格编码": "grid_code", "所属网格": "grid_code", "用途": "use", "房屋用途": "use",
            "房主身份证号": "owner_id_number", "产权人身份证号": "owner_id_number", "房主公民身份号码": "owner_id_number",
            "面积": "area", "建筑面积": "area", "居住人数": "tenants", "承租人数": "tenants", "限住人数": "tenant_limit",
            "隐患等级": "hazard_level",
        ])
    public static let maxRows = 2_000_000

    public private(set) var rows: [Row] = []
    public private(set) var problems = ImportProblems()

    public init(table: ImportTable, latest: CalendarDay?) {
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
            let path: [String]
            switch AddressFile.path(
                place: field("address"), building: field("building"), unit: field("unit"), room: field("room"))
            {
            case .success(let made): path = made
            case .failure(let problem):
                problems.append(n, problem.field == "place" ? "address" : problem.field, problem.reason)
                return nil
            }
            guard let grid = try? RegionCode(field("grid_code")), grid.level >= .grid else {
                problems.append(n, "grid_code", "'\(field("grid_code"))' is not a grid's code (15 or 18 digits)")
                return nil
            }
            guard let use = HouseUse(text: field("use")) else {
                problems.append(n, "use", "'\(field("use"))' is not 自住, 出租, 闲置, 经营, 集体宿舍 or 其他")
                return nil
            }
            var owner: IdentityNumber?
            if !field("owner_id_number").isEmpty {
                do throws(InvalidValue) { owner = try IdentityNumber(field("owner_id_number"), latest: latest) } catch {
                    problems.append(n, "owner_id_number", error.reason)
                    return nil
                }
            }
            var area: Double?
            if !field("area").isEmpty {
                guard let value = Double(field("area").halfWidth), value > 0, value < 1_000_000 else {
                    problems.append(n, "area", "'\(field("area"))' is not an area in square metres")
                    return nil
                }
                area = value
            }
            var counts: [String: Int] = [:]
            for column in ["tenants", "tenant_limit"] where !field(column).isEmpty {
                guard let value = Int(field(column).halfWidth), (0...10_000).contains(value) else {
                    problems.append(n, column, "'\(field(column))' is not a number of people")
                    return nil
                }
                counts[column] = value
            }
            var hazard: HazardLevel?
            if !field("hazard_level").isEmpty {
                guard let level = HazardLevel(text: field("hazard_level")) else {
                    problems.append(n, "hazard_level", "'\(field("hazard_level"))' is not 安全, 一般 or 严重")
                    return nil
                }
                hazard = level
            }
            return Row(
                line: n, path: path, grid: grid, use: use, owner: owner, area: area, tenants: counts["tenants"],
                tenantLimit: counts["tenant_limit"], hazard: hazard)
        }
        self.problems = problems
    }
}

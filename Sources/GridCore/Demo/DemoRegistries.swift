/// Base data for a few demo grids — residential compounds with buildings, units and rooms, the
/// people living in them, the shops along the road and some key people — written as the CSV files
/// an office would send, so the demo loads them through the real imports. The same seed gives the
/// same files.
public struct DemoRegistries: Sendable {
    public struct KeyPerson: Sendable {
        public var identityNumber: String
        public var grid: RegionCode
        public var group: String
        public var attention: AttentionLevel
        public var details: [String: String]
    }

    public private(set) var houses = "地址,楼栋,单元,室,网格编码,用途,房主身份证号,面积,居住人数,限住人数,隐患等级\n"
    public private(set) var people = "姓名,公民身份号码,联系电话,民族,人口类型,网格编码,住址,标签,户号,与户主关系,人户状态,来本地日期,流入原因\n"
    public private(set) var organisations = "单位名称,统一社会信用代码,单位类型,地址,网格编码,联系电话,法定代表人,单位标识\n"
    public private(set) var keyPeople: [KeyPerson] = []

    static let compounds = ["翠苑一区", "文华苑", "嘉绿苑", "古荡新村", "学院路小区", "竞舟苑"]
    static let roads = ["文三路", "文一西路", "教工路", "学院路", "古墩路", "天目山路"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗")
    static let givenNames = [
        "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    ]
    static let shops = ["便利店", "理发店", "小吃店", "五金店", "药店", "快递驿站", "水果店", "洗衣店"]

    /// `grids`: the grids to fill (their codes' county is the people's birthplace); `buildings`
    /// per grid, each of two units of three floors of two rooms.
    public init(grids: [RegionCode], buildings: Int = 3, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var serial = 0
        for (gridIndex, grid) in grids.enumerated() {
            let compound = Self.compounds[gridIndex % Self.compounds.count]
            for building in 1...buildings {
                for unit in 1...2 {
                    for floor in 1...3 {
                        for door in 1...2 {
                            let room = "\(floor)0\(door)"
                            serial += 1
                            let rented = Int.random(in: 0..<4, using: &random) == 0
                            let ownerBirth = 1935 + Int.random(in: 0..<55, using: &random)
                            let owner = Self.identity(
                                county: grid.countyCode, born: ownerBirth, serial: serial, random: &random)
                            let residents =
                                rented ? Int.random(in: 2...7, using: &random) : Int.random(in: 1...4, using: &random)
                            let limit = rented ? "6" : ""
                            let hazard = rented ? (residents > 6 ? "严重" : "一般") : ""
                            houses +=
                                "\(compound),\(building),\(unit),\(room),\(grid.digits),\(rented ? "出租" : "自住"),\(owner),"
                                + "\(60 + Int.random(in: 0..<80, using: &random)),\(rented ? String(residents) : ""),\(limit),\(hazard)\n"
                            let address = "\(compound)\(building)幢\(unit)单元\(room)室"
                            for resident in 0..<residents {
                                let born =
                                    resident == 0 && !rented
                                    ? ownerBirth : 1940 + Int.random(in: 0..<80, using: &random)
                                let number =
                                    resident == 0 && !rented
                                    ? owner
                                    : Self.identity(
                                        county: rented ? "340102" : grid.countyCode, born: born,
                                        serial: serial * 10 + resident, random: &random)
                                let name =
                                    String(Self.surnames[Int.random(in: 0..<Self.surnames.count, using: &random)])
                                    + Self.givenNames[Int.random(in: 0..<Self.givenNames.count, using: &random)]
                                let phone =
                                    "13\(Int.random(in: 0...9, using: &random))"
                                    + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
                                let elderly = born < 1950
                                // A family owns and lives in its house, one household (户) headed by
                                // the owner; tenants came for work and belong to no household here.
                                let household =
                                    rented
                                    ? ",,,人在户不在,20\(20 + serial % 6)-0\(1 + serial % 9)-15,务工"
                                    : ",H\(grid.digits.suffix(6))\(serial),\(["02", "10", "20", "30"][min(resident, 3)]),人户一致,,"
                                people +=
                                    "\(name),\(number),\(phone),汉族,\(rented ? "流动" : "户籍"),\(grid.digits),\(address),"
                                    + "\(elderly ? "高龄" : "")\(household)\n"
                                if elderly, residents <= 2 {
                                    keyPeople.append(
                                        KeyPerson(
                                            identityNumber: number, grid: grid, group: "C1", attention: .moderate,
                                            details: ["living": "独居"]))
                                } else if Int.random(in: 0..<60, using: &random) == 0 {
                                    keyPeople.append(
                                        KeyPerson(
                                            identityNumber: number, grid: grid, group: "03",
                                            attention: [.general, .moderate, .serious][
                                                Int.random(in: 0..<3, using: &random)],
                                            details: ["guardian": "家属", "danger_level": "1", "treatment": "门诊治疗"]))
                                } else if Int.random(in: 0..<80, using: &random) == 0 {
                                    keyPeople.append(
                                        KeyPerson(
                                            identityNumber: number, grid: grid, group: "01", attention: .general,
                                            details: ["placement": "已安置", "reoffended": "否"]))
                                }
                            }
                        }
                    }
                }
            }
            let road = Self.roads[gridIndex % Self.roads.count]
            for (index, shop) in Self.shops.enumerated() {
                serial += 1
                let organisation = String(format: "%09d", serial * 7919 % 1_000_000_000)
                guard let code = CreditCode.completing("92" + grid.countyCode + organisation) else { continue }
                let flags = ["便利店", "小吃店", "五金店"].contains(shop) ? "九小场所" : ""
                organisations +=
                    "\(road)\(shop),\(code),个体工商户,\(road)\(100 + index * 2)号,\(grid.digits),"
                    + "0571\(String(format: "%08d", Int.random(in: 10_000_000..<100_000_000, using: &random))),"
                    + "\(String(Self.surnames[index % Self.surnames.count]))老板,\(flags)\n"
            }
        }
    }

    /// A valid identity number born in `born` in the county `county`.
    static func identity(county: String, born: Int, serial: Int, random: inout SeededGenerator) -> String {
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        let seventeen = county + String(format: "%04d%02d%02d%03d", born, month, day, serial % 1000)
        return IdentityNumber.completing(seventeen) ?? seventeen + "0"
    }
}

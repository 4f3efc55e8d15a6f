import Foundation

/// A deterministic demo territory: counties of 10 townships × 10 communities × 10 grids whose
/// boundaries tile the county without gaps or overlaps, plus line departments and one account per
/// role, so every feature has somewhere to live.
///
/// Each county is a lattice of 50 × 20 grid cells. Interior lattice vertices are jittered by the
/// seeded generator, and every cell, community, township and county boundary is walked along the
/// same vertices, so neighbours share their edges exactly.
public struct DemoTerritory: Sendable {
    public enum Scale: String, Sendable, CaseIterable {
        /// One county (西湖区): 10 townships, 100 communities, 1,000 grids.
        case county
        /// One province: 11 cities, 61 counties, 61,000 grids (Zhejiang's order of size).
        case province
    }

    public struct Account: Sendable, Hashable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var scope: AccessScope
    }

    public private(set) var regions: [Region] = []
    public private(set) var departments: [Department] = []
    public private(set) var accounts: [Account] = []

    public static let columnsPerCounty = 50
    public static let rowsPerCounty = 20
    /// Size of one grid cell in degrees (about 290 m × 830 m at Hangzhou's latitude).
    static let cellWidth = 0.003
    static let cellHeight = 0.0075
    static let origin = GeoPoint(lat: 30.17, lng: 120.02)

    public init(scale: Scale, seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let province = try RegionCode("330000000000")
        regions.append(Region(code: province, name: "浙江省", level: .province, parentCode: nil))
        let cities: [(String, String)] =
            scale == .county
            ? [("330100", "杭州市")]
            : [
                ("330100", "杭州市"), ("330200", "宁波市"), ("330300", "温州市"), ("330400", "嘉兴市"), ("330500", "湖州市"),
                ("330600", "绍兴市"), ("330700", "金华市"), ("330800", "衢州市"), ("330900", "舟山市"), ("331000", "台州市"),
                ("331100", "丽水市"),
            ]
        var countyIndex = 0
        for (cityIndex, (cityDigits, cityName)) in cities.enumerated() {
            let city = try RegionCode(cityDigits)
            regions.append(Region(code: city, name: cityName, level: .city, parentCode: province))
            let countyCount = scale == .county ? 1 : (cityIndex < 6 ? 6 : 5)
            for k in 0..<countyCount {
                let countyDigits = String(cityDigits.prefix(4)) + Self.pad(6 + k, 2)
                let name = cityIndex == 0 && k == 0 ? "西湖区" : "\(cityName.dropLast())\(Self.countyNames[k])"
                try addCounty(
                    code: try RegionCode(countyDigits), name: name, parent: city,
                    placement: (countyIndex % 8, countyIndex / 8), random: &random)
                countyIndex += 1
            }
        }
        try addAccounts()
    }

    static let countyNames = ["西区", "东区", "南区", "北区", "新区", "中区"]
    static let townshipNames = ["北山街道", "西溪街道", "灵隐街道", "翠苑街道", "文新街道", "古荡街道", "转塘街道", "留下街道", "蒋村街道", "三墩镇"]
    static let syllables = [
        "翠", "文", "古", "竹", "桂", "金", "玉", "云", "锦", "松", "荷", "兰", "梅", "溪", "湖", "华", "新", "东", "清", "嘉",
    ]
    static let endings = ["苑", "桥", "园", "湾", "庭", "塘", "坊", "岭", "港", "里"]

    /// How far (in cells) the lattice vertex at a column and row of the whole territory is moved:
    /// waves of a few kilometres, so the outlines of counties, streets and communities curve like
    /// rivers and roads rather than run straight. It fades to nothing along the territory's south
    /// and west edges, which stay where the origin puts them.
    static func warp(column: Int, row: Int) -> (Double, Double) {
        let x = Double(column)
        let y = Double(row)
        // Gentle enough that no cell folds over: the warp's derivatives stay well below one.
        let fade = min(1, Double(min(column, row)) / 10)
        let dx = 2.0 * sin(y * 0.2 + 1.3) + 0.6 * sin(y * 0.45 + x * 0.2)
        let dy = 1.5 * sin(x * 0.16 + 0.4) + 0.5 * cos(x * 0.4 - y * 0.25)
        return (dx * fade, dy * fade)
    }

    private mutating func addCounty(
        code county: RegionCode, name: String, parent: RegionCode,
        placement: (Int, Int), random: inout SeededGenerator
    ) throws {
        let columns = Self.columnsPerCounty
        let rows = Self.rowsPerCounty
        let baseLng = Self.origin.lng + Double(placement.0 * columns) * Self.cellWidth
        let baseLat = Self.origin.lat + Double(placement.1 * rows) * Self.cellHeight
        // Lattice vertices, jittered inside the county and bent everywhere by a smooth warp of the
        // whole territory: the warp depends on the vertex's place alone, so a border two counties
        // share bends the same way for both and they still tile.
        var vertices = [[GeoPoint]](repeating: [], count: columns + 1)
        for i in 0...columns {
            vertices[i].reserveCapacity(rows + 1)
            for j in 0...rows {
                let interior = i > 0 && i < columns && j > 0 && j < rows
                let dx = interior ? Double.random(in: -0.3...0.3, using: &random) : 0
                let dy = interior ? Double.random(in: -0.3...0.3, using: &random) : 0
                let (wx, wy) = Self.warp(column: placement.0 * columns + i, row: placement.1 * rows + j)
                vertices[i].append(
                    GeoPoint(
                        lat: baseLat + (Double(j) + dy + wy) * Self.cellHeight,
                        lng: baseLng + (Double(i) + dx + wx) * Self.cellWidth))
            }
        }
        func block(_ i0: Int, _ j0: Int, _ i1: Int, _ j1: Int) -> Boundary {
            var ring: [GeoPoint] = []
            for i in i0..<i1 { ring.append(vertices[i][j0]) }
            for j in j0..<j1 { ring.append(vertices[i1][j]) }
            for i in stride(from: i1, to: i0, by: -1) { ring.append(vertices[i][j1]) }
            for j in stride(from: j1, to: j0, by: -1) { ring.append(vertices[i0][j]) }
            return Boundary(outerRing: ring)
        }
        func centre(_ b: Boundary) -> GeoPoint {
            let box = b.boundingBox
            return GeoPoint(lat: (box.minLat + box.maxLat) / 2, lng: (box.minLng + box.maxLng) / 2)
        }
        let countyBoundary = block(0, 0, columns, rows)
        regions.append(
            Region(
                code: county, name: name, level: .county, parentCode: parent,
                seat: centre(countyBoundary), boundary: countyBoundary))
        let countyPrefix = String(county.digits.prefix(6))
        for t in 0..<10 {
            let ti = (t % 5) * 10
            let tj = (t / 5) * 10
            let township = try RegionCode(countyPrefix + Self.pad(t + 1, 3) + "000")
            let townshipBoundary = block(ti, tj, ti + 10, tj + 10)
            regions.append(
                Region(
                    code: township, name: Self.townshipNames[t], level: .township, parentCode: county,
                    seat: centre(townshipBoundary), boundary: townshipBoundary))
            var usedNames: Set<String> = []
            for c in 0..<10 {
                let ci = ti + (c % 5) * 2
                let cj = tj + (c / 5) * 5
                let community = try RegionCode(String(township.digits.prefix(9)) + Self.pad(c + 1, 3))
                var communityName: String
                repeat {
                    communityName =
                        (Self.syllables.randomElement(using: &random) ?? "新")
                        + (Self.endings.randomElement(using: &random) ?? "苑") + "社区"
                } while !usedNames.insert(communityName).inserted
                let communityBoundary = block(ci, cj, ci + 2, cj + 5)
                regions.append(
                    Region(
                        code: community, name: communityName, level: .village, parentCode: township,
                        seat: centre(communityBoundary), boundary: communityBoundary))
                for g in 0..<10 {
                    let gi = ci + g % 2
                    let gj = cj + g / 2
                    let grid = try RegionCode(community.digits + Self.pad(g + 1, 3))
                    let gridBoundary = block(gi, gj, gi + 1, gj + 1)
                    regions.append(
                        Region(
                            code: grid, name: "\(communityName)第\(g + 1)网格", level: .grid, parentCode: community,
                            seat: centre(gridBoundary), boundary: gridBoundary))
                }
            }
        }
        let departments: [(String, String)] = [
            ("CG", "城管局"), ("HB", "生态环境分局"), ("AJ", "应急管理局"),
            ("XF", "消防救援大队"), ("GA", "公安分局"), ("SJ", "市场监管局"),
        ]
        for (key, departmentName) in departments {
            self.departments.append(
                Department(code: try DepartmentCode("\(countyPrefix)-\(key)"), name: name + departmentName))
        }
    }

    private mutating func addAccounts() throws {
        guard let county = regions.first(where: { $0.level == .county })?.code else { return }
        let countyPrefix = String(county.digits.prefix(6))
        let township = try RegionCode(countyPrefix + "001000")
        let community = try RegionCode(countyPrefix + "001001")
        let grid = try RegionCode(countyPrefix + "001001001")
        let otherGrid = try RegionCode(countyPrefix + "001002001")
        let department = try DepartmentCode("\(countyPrefix)-CG")
        accounts = [
            Account(username: "admin", displayName: "系统管理员", role: .admin, scope: .territory),
            Account(username: "auditor", displayName: "审计员", role: .auditor, scope: .territory),
            Account(username: "center", displayName: "区综治中心值班员", role: .centre, scope: .region(county)),
            Account(username: "leader", displayName: "区领导", role: .leader, scope: .region(county)),
            Account(username: "street", displayName: "街道综治中心值班员", role: .centre, scope: .region(township)),
            Account(username: "station", displayName: "社区网格工作站", role: .station, scope: .region(community)),
            Account(username: "gridleader", displayName: "网格长", role: .gridleader, scope: .region(community)),
            Account(username: "worker", displayName: "网格员（第一网格）", role: .worker, scope: .region(grid)),
            Account(username: "worker2", displayName: "网格员（另一社区）", role: .worker, scope: .region(otherGrid)),
            Account(username: "dept", displayName: "城管局", role: .dept, scope: .department(department)),
            Account(username: "resident", displayName: "居民", role: .resident, scope: .region(county)),
        ]
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

import ArgumentParser
import Foundation
import GridCore
import GridStore

extension BenchCommand {
    /// Address matching: a county's worth of standard addresses (places, buildings, units, rooms)
    /// and `queries` free-text addresses written the ways people write them, each with its known
    /// room; prints matches per second and the share matched correctly and surely.
    struct Addresses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "addresses")
        @Option var queries = 10_000
        @Option var seed: UInt64 = 1

        func run() async throws {
            var random = SeededGenerator(seed: seed)
            let grid = try RegionCode("330106001001001")
            let roads = ["文一路", "文二路", "文三路", "学院路", "教工路", "古墩路", "丰潭路", "莫干山路", "天目山路", "西溪路"]
            var addresses: [StandardAddress] = []
            var rooms: [(code: String, road: String, door: Int, building: Int, unit: Int, room: Int)] = []
            var next = 0
            func add(_ parent: String?, _ level: AddressLevel, _ name: String) -> String {
                next += 1
                let code = "330106-\(next)"
                addresses.append(
                    StandardAddress(code: code, parentCode: parent, level: level, name: name, regionCode: grid))
                return code
            }
            for road in roads {
                for door in stride(from: 1, through: 99, by: 2) {
                    let place = add(nil, .place, "\(road)\(door)号")
                    for building in 1...4 {
                        let b = add(place, .building, "\(building)幢")
                        for unit in 1...2 {
                            let u = add(b, .unit, "\(unit)单元")
                            for floor in 1...3 {
                                for side in 1...2 {
                                    let room = floor * 100 + side
                                    rooms.append((add(u, .room, "\(room)室"), road, door, building, unit, room))
                                }
                            }
                        }
                    }
                }
            }
            let regions = [
                Region(code: try RegionCode("330106000000"), name: "西湖区", level: .county, parentCode: nil),
                Region(code: try RegionCode("330106001000"), name: "北山街道", level: .township, parentCode: nil),
            ]
            let matcher = AddressMatcher(addresses: addresses, regions: regions)
            let chinese = ["", "一", "二", "三", "四"]
            func fullWidth(_ text: String) -> String {
                String(
                    String.UnicodeScalarView(
                        text.unicodeScalars.map { scalar in
                            ("0"..."9").contains(scalar) ? Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar : scalar
                        }))
            }
            var texts: [(String, String)] = []
            for n in 0..<queries {
                let r = rooms[Int.random(in: 0..<rooms.count, using: &random)]
                let place = "\(r.road)\(r.door)号"
                let text: String =
                    switch n % 7 {
                    case 0: "\(place)\(r.building)幢\(r.unit)单元\(r.room)室"
                    case 1: fullWidth("\(place)\(r.building)幢\(r.unit)单元\(r.room)室")
                    case 2: "\(place)\(chinese[r.building])幢\(chinese[r.unit])单元\(r.room)"
                    case 3: "\(place)\(r.building)号楼\(r.unit)单元\(r.room)"
                    case 4: "\(place)\(r.building)-\(r.unit)-\(r.room)"
                    case 5: "西湖区北山街道\(place)\(r.building)栋\(r.unit)单元\(r.room)室"
                    default: "\(place.dropLast()) \(r.building)幢 \(r.unit)单元 \(r.room)室"
                    }
                texts.append((text, r.code))
            }
            var correct = 0
            let start = Date()
            for (text, expected) in texts {
                let match = matcher.match(text)
                if match.isConfident, match.address?.code == expected { correct += 1 }
            }
            let seconds = max(Date().timeIntervalSince(start), 1e-9)
            print(
                #"{"addresses":\#(addresses.count),"queries":\#(queries),"matches_per_s":\#(Double(queries) / seconds),"#
                    + #""correct_share":\#(Double(correct) / Double(queries))}"#)
        }

    }

    /// People import: `count` rows of a county's people file (valid identity numbers and phones,
    /// spread over the demo county's grids) imported into the store at `--data` (built by `gridgov
    /// demo` first): parse, check, seal, blind-index, durable. Prints rows per second.
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "people")
        @Option var count = 1_000_000
        @Option var seed: UInt64 = 1
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var random = SeededGenerator(seed: seed)
            var text = "name,id_number,phone,grid_code\n"
            var numbers: [String] = []
            text.reserveCapacity(count * 70)
            for n in 0..<count {
                let birth = String(
                    format: "%04d%02d%02d", Int.random(in: 1940...2010, using: &random),
                    Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
                let body = "330106" + birth + String(format: "%03d", n % 1000)
                let number = IdentityNumber.completing(body) ?? body
                if n % max(1, count / 2000) == 0 { numbers.append(number) }
                let grid = String(format: "330106%03d%03d%03d", n % 10 + 1, (n / 10) % 10 + 1, (n / 100) % 10 + 1)
                text += "居民\(n),\(number),1\(String(format: "%010d", 3_000_000_000 + n)),\(grid)\n"
            }
            let gridStore = try await store.openStore()
            var secret = [UInt8](repeating: 0, count: 32)
            for index in secret.indices { secret[index] = UInt8.random(in: 0...255, using: &random) }
            gridStore.useProtection(ProtectedFields(current: try ProtectedFields.Key(id: "bench", secret: secret)))
            let start = Date()
            let (summary, problems) = try await gridStore.importPeople(
                utf8OrGBK: Array(text.utf8), source: "bench.csv", by: .system("bench"))
            let seconds = Date().timeIntervalSince(start)
            // A person by identity number, through the blind index, in the store (no HTTP).
            let centre = gridStore.scoped(
                to: Caller(actor: "bench", role: .centre, scope: .region(try RegionCode("330106"))))
            var lookups: [Double] = []
            for number in numbers {
                let begun = Date()
                guard try await centre.person(identityNumber: number) != nil else {
                    throw ValidationError("\(number) was imported but is not found")
                }
                lookups.append(Date().timeIntervalSince(begun) * 1000)
            }
            lookups.sort()
            try await gridStore.close()
            let (p50, p99) = (BenchCommand.percentile(lookups, 50), BenchCommand.percentile(lookups, 99))
            print(
                #"{"rows":\#(summary.rows),"inserted":\#(summary.inserted),"problems":\#(problems.problems.count),"#
                    + #""seconds":\#(seconds),"rows_per_s":\#(Double(summary.rows) / seconds),"#
                    + #""lookups":\#(lookups.count),"lookup_p50_ms":\#(p50),"lookup_p99_ms":\#(p99)}"#)
        }
    }
}

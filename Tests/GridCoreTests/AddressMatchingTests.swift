import GridCore
import Testing

/// Free-text addresses against a small standard address tree: the spellings people use reach the
/// same room; what the tree lacks, or a region that does not hold the place, lowers the confidence.
@Suite("Addresses: normalising and matching free text")
struct AddressMatchingTests {
    static let county = try! RegionCode("330106000000")
    static let street = try! RegionCode("330106001000")
    static let community = try! RegionCode("330106001001")
    static let grid = try! RegionCode("330106001001001")
    static let otherGrid = try! RegionCode("330106002001001")

    static func matcher() -> AddressMatcher {
        let regions = [
            Region(code: county, name: "西湖区", level: .county, parentCode: nil),
            Region(code: street, name: "文新街道", level: .township, parentCode: county),
            Region(code: community, name: "翠苑社区", level: .village, parentCode: street),
            Region(code: try! RegionCode("330106002000"), name: "古荡街道", level: .township, parentCode: county),
        ]
        let addresses = [
            StandardAddress(code: "A1", parentCode: nil, level: .place, name: "文三路12号", regionCode: grid),
            StandardAddress(code: "A2", parentCode: "A1", level: .building, name: "3幢", regionCode: grid),
            StandardAddress(code: "A3", parentCode: "A2", level: .unit, name: "2单元", regionCode: grid),
            StandardAddress(code: "A4", parentCode: "A3", level: .room, name: "501室", regionCode: grid),
            StandardAddress(code: "B1", parentCode: nil, level: .place, name: "翠苑一区", regionCode: grid),
            StandardAddress(code: "C1", parentCode: nil, level: .place, name: "学院路8号", regionCode: otherGrid),
        ]
        return AddressMatcher(addresses: addresses, regions: regions)
    }

    @Test("normalising: full-width digits, Chinese numerals, words for a building, a road's missing 号")
    func normalising() {
        #expect(AddressText.normalised("文三路１２号 三栋 二单元 501室") == "文三路12号3幢2单元501室")
        #expect(AddressText.normalised("文三路12号3号楼") == "文三路12号3幢")
        #expect(AddressText.normalised("文三路12") == "文三路12号")
        #expect(AddressText.normalised("十二幢") == "12幢" && AddressText.normalised("二十一单元") == "21单元")
    }

    @Test("every spelling of one room reaches it, sure")
    func spellings() {
        let matcher = Self.matcher()
        for text in [
            "西湖区文新街道翠苑社区文三路12号3幢2单元501", "文三路１２号三幢二单元501室", "文三路12号3栋2单元501号",
            "文三路12号3-2-501", "西湖区 文三路12号 3号楼 2单元 501室", "文三路12 3幢 2单元 501室",
        ] {
            let match = matcher.match(text)
            #expect(match.address?.code == "A4" && match.isConfident, "\(text): \(match)")
            #expect(match.regionCode == Self.grid)
        }
    }

    @Test("a level the tree lacks stops at the deepest found, less sure; a place inside a longer text is found")
    func partial() {
        let matcher = Self.matcher()
        let building = matcher.match("文三路12号3幢")
        #expect(building.address?.code == "A2" && building.confidence == 1)
        let missingRoom = matcher.match("文三路12号3幢2单元909")
        #expect(missingRoom.address?.code == "A3" && !missingRoom.isConfident && missingRoom.candidates.count == 1)
        let inside = matcher.match("某某小区门口文三路12号")
        #expect(inside.address?.code == "A1" && inside.confidence == 0.85 && inside.isConfident)
        #expect(matcher.match("翠苑一区").address?.code == "B1")
    }

    @Test("a region that does not hold the place lowers the confidence; a text naming only regions gives the region")
    func regions() {
        let matcher = Self.matcher()
        let wrongStreet = matcher.match("古荡街道文三路12号")
        #expect(wrongStreet.address?.code == "A1" && !wrongStreet.isConfident)
        let onlyRegions = matcher.match("西湖区文新街道翠苑社区")
        #expect(onlyRegions.address == nil && onlyRegions.regionCode == Self.community && !onlyRegions.isConfident)
        let unknown = matcher.match("不存在的路99号")
        #expect(unknown.address == nil && unknown.confidence == 0)
    }
}

import GridCore
import Testing

@Suite("RegionCode: levels, prefixes, containment, ranges")
struct RegionCodeTests {
    @Test("each level is read off the digits")
    func levels() throws {
        #expect(try RegionCode("330000000000").level == .province)
        #expect(try RegionCode("330100000000").level == .city)
        #expect(try RegionCode("330106000000").level == .county)
        #expect(try RegionCode("330106001000").level == .township)
        #expect(try RegionCode("330106001001").level == .village)
        #expect(try RegionCode("330106001001003").level == .grid)
        #expect(try RegionCode("330106001001003002").level == .microGrid)
    }

    @Test("short GB/T 2260 forms are padded to 12 digits")
    func padding() throws {
        #expect(try RegionCode("330106").digits == "330106000000")
        #expect(try RegionCode("33").level == .province)
        #expect(try RegionCode("330106001").level == .township)
    }

    @Test(
        "bad codes are refused with the reason",
        arguments: [
            ("33010A", RegionCodeError.notDigits("33010A")),
            ("3301061", .badLength("3301061")),
            ("000000000000", .zeroProvince("000000000000")),
            ("330106001001000", .zeroSuffix("330106001001000")),
            ("330106001000001", .gridOutsideVillage("330106001000001")),
        ])
    func refusals(text: String, expected: RegionCodeError) {
        #expect(throws: expected) { try RegionCode(text) }
    }

    @Test("a node contains its subtree and nothing else")
    func containment() throws {
        let county = try RegionCode("330106000000")
        #expect(county.contains(try RegionCode("330106001001003")))
        #expect(county.contains(county))
        #expect(!county.contains(try RegionCode("330105001001")))
        #expect(!county.contains(try RegionCode("330100000000")), "a parent is not inside its child")
        let grid = try RegionCode("330106001001003")
        #expect(!grid.contains(try RegionCode("330106001001004")))
        #expect(grid.significantPrefix == "330106001001003")
        #expect(county.countyCode == "330106")
    }

    @Test("the subtree range selects exactly the codes with the prefix")
    func ranges() throws {
        let range = try RegionCode("330109000000").subtreeRange
        #expect(range.lowerBound == "330109")
        #expect(range.upperBound == "33011")
        #expect(CodeRange(prefix: "3399").upperBound == "34")
        #expect(CodeRange(prefix: "99").upperBound == String(repeating: "9", count: 19))
        let codes = ["330108999999", "330109000000", "330109001001", "330109999001001", "330110000000"]
        let selected = codes.filter { $0 >= range.lowerBound && $0 < range.upperBound }
        #expect(selected == ["330109000000", "330109001001", "330109999001001"])
        #expect(CodeRange.everything.contains("110000000000"))
    }
}

import Foundation
import GridCore
import Testing

@Suite("ISO 8601 times in UTC")
struct ISO8601UTCTests {
    static let instants: [Int64] = [
        0, 999, 1_709_251_199_999, 1_709_251_200_000, 1_798_761_599_999, -1, -86_400_001, 951_782_400_000,
        1_795_401_770_123, 4_102_444_799_999,
    ]

    @Test("to the millisecond, across leap days, year ends and before 1970, as Foundation's calendar has them")
    func milliseconds() {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        for milliseconds in Self.instants {
            let parts = utc.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(epochMilliseconds: milliseconds))
            let fraction = ((milliseconds % 1000) + 1000) % 1000
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(fraction))
            #expect(ISO8601UTC.milliseconds(milliseconds) == expected, "\(milliseconds)")
        }
    }

    @Test("to the second, the same text as Date.ISO8601Format()")
    func seconds() {
        for milliseconds in Self.instants where milliseconds >= 0 {
            #expect(
                ISO8601UTC.seconds(milliseconds) == Date(epochMilliseconds: milliseconds).ISO8601Format(),
                "\(milliseconds)")
        }
    }

    @Test("read back: what it writes, with zones and fractions, as Foundation reads real times")
    func parsesRealTimes() throws {
        for milliseconds in Self.instants where milliseconds >= 0 {
            #expect(ISO8601UTC.parse(ISO8601UTC.milliseconds(milliseconds)) == milliseconds)
            #expect(ISO8601UTC.parse(ISO8601UTC.seconds(milliseconds)) == milliseconds / 1000 * 1000)
        }
        for text in [
            "2010-04-14T06:37:38-08:00", "2026-11-23T10:42:50+08:00", "2026-11-23T10:42:50+0800",
            "2024-02-29T23:59:59Z",
        ] {
            let foundation = try Date(text, strategy: .iso8601).epochMilliseconds
            #expect(ISO8601UTC.parse(text) == foundation, "\(text)")
        }
        #expect(ISO8601UTC.parse("2026-11-23T10:42Z") == ISO8601UTC.parse("2026-11-23T10:42:00Z"))
        #expect(ISO8601UTC.parse("2026-11-23T10:42:50.5Z") == ISO8601UTC.parse("2026-11-23T10:42:50Z").map { $0 + 500 })
    }

    @Test(
        "refuses times that do not exist, which Foundation rolls over",
        arguments: [
            "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T10:60:00Z", "2026-11-23T10:42:61Z", "2026-11-23", "2026-11-23T10:42:50",
            "2026-11-23T10:42:50+25:00",
            "2026-11-23T10:42:50Zjunk", "", "20261123T104250Z", "2026-11-23T10:42:50.Z", "２０２６-11-23T10:42:50Z",
        ])
    func refusesImpossible(_ text: String) {
        #expect(ISO8601UTC.parse(text) == nil)
    }
}

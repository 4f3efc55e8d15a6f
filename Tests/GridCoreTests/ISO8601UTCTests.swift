import Foundation
import GridCore
import Testing

@Suite("ISO 8601 times in UTC")
struct ISO8601UTCTests {
    static let instants: [Int64] = [0, 999, 1_709_251_199_999, 1_709_251_200_000, 1_798_761_599_999, -1, -86_400_001, 951_782_400_000,
                                    1_795_401_770_123, 4_102_444_799_999]

    @Test("to the millisecond, across leap days, year ends and before 1970, as Foundation's calendar has them")
    func milliseconds() {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        for milliseconds in Self.instants {
            let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(epochMilliseconds: milliseconds))
            let fraction = ((milliseconds % 1000) + 1000) % 1000
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                                  parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(fraction))
            #expect(ISO8601UTC.milliseconds(milliseconds) == expected, "\(milliseconds)")
        }
    }

    @Test("to the second, the same text as Date.ISO8601Format()")
    func seconds() {
        for milliseconds in Self.instants where milliseconds >= 0 {
            #expect(ISO8601UTC.seconds(milliseconds) == Date(epochMilliseconds: milliseconds).ISO8601Format(), "\(milliseconds)")
        }
    }
}

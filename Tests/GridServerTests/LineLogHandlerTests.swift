import Foundation
import GridCore
@testable import GridServer
import Logging
import Synchronization
import Testing

@Suite("Server log lines")
struct LineLogHandlerTests {
    @Test("a line is the UTC time to the millisecond, level, label, sorted metadata, source and message")
    func line() {
        let lines = Mutex<[String]>([])
        let clock = NowProvider { Date(epochMilliseconds: 1_795_401_770_123) }
        var logger = Logger(label: "gridgov") { label in
            LineLogHandler(label: label, now: clock, output: { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } })
        }
        logger[metadataKey: "hb.request.id"] = "7f"
        logger.info("POST /api/v1/cases 201", metadata: ["ms": "1.5", "a": "first"], source: "GridServer")
        logger.debug("below the level, not written")
        #expect(lines.withLock { $0 } == ["2026-11-23T02:42:50.123Z info gridgov: a=first hb.request.id=7f ms=1.5 [GridServer] POST /api/v1/cases 201\n"])
    }

    @Test("times across leap days, year ends and before 1970 match Foundation's calendar")
    func timestamps() {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        for milliseconds: Int64 in [0, 1_709_251_199_999, 1_709_251_200_000, 1_798_761_599_999, -1, -86_400_001, 951_782_400_000] {
            let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(epochMilliseconds: milliseconds))
            let fraction = ((milliseconds % 1000) + 1000) % 1000
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                                  parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(fraction))
            #expect(LineLogHandler.timestamp(milliseconds) == expected, "\(milliseconds)")
        }
    }
}

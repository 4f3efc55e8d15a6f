import Foundation
import GridCore
import Logging
import Synchronization
import Testing

@testable import GridServer

@Suite("Server log lines")
struct LineLogHandlerTests {
    @Test("a line is the UTC time to the millisecond, level, label, sorted metadata, source and message")
    func line() {
        let lines = Mutex<[String]>([])
        let clock = NowProvider { Date(epochMilliseconds: 1_795_401_770_123) }
        var logger = Logger(label: "gridgov") { label in
            LineLogHandler(
                label: label, now: clock,
                output: { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } })
        }
        logger[metadataKey: "hb.request.id"] = "7f"
        logger.info("POST /api/v1/cases 201", metadata: ["ms": "1.5", "a": "first"], source: "GridServer")
        logger.debug("below the level, not written")
        #expect(
            lines.withLock { $0 } == [
                "2026-11-23T02:42:50.123Z info gridgov: a=first hb.request.id=7f ms=1.5 [GridServer] POST /api/v1/cases 201\n"
            ])
    }
}

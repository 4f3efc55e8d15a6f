import Foundation

/// Times are stored as milliseconds since 1970 in every table; this is the one conversion.
extension Date {
    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(epochMilliseconds: Int64) { self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000) }
}

/// ISO 8601 times in UTC, written by ``CalendarDay``'s date arithmetic instead of Foundation's
/// formatter: a case's JSON carries five times, and `ISO8601Format()` cost more than the rest of
/// the object; the server's log writes one per line.
public enum ISO8601UTC {
    /// `2026-11-23T02:42:50Z`: whole seconds, as `Date.ISO8601Format()` writes them.
    public static func seconds(_ milliseconds: Int64) -> String { text(milliseconds, withMilliseconds: false) }

    /// `2026-11-23T02:42:50.123Z`.
    public static func milliseconds(_ milliseconds: Int64) -> String { text(milliseconds, withMilliseconds: true) }

    /// Written digit by digit into one buffer: joined from small strings, these times were a
    /// measurable share of answering a report.
    private static func text(_ milliseconds: Int64, withMilliseconds: Bool) -> String {
        let dayMilliseconds: Int64 = 86_400_000
        // Whole days are floored, so times before 1970 work.
        let days = milliseconds >= 0 ? milliseconds / dayMilliseconds : (milliseconds - dayMilliseconds + 1) / dayMilliseconds
        let ofDay = milliseconds - days * dayMilliseconds
        let (year, month, day) = CalendarDay(index: Int(days)).components
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(Int64(year), width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        append(Int64(month), width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        append(Int64(day), width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        append(ofDay / 3_600_000, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        append(ofDay / 60_000 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        append(ofDay / 1000 % 60, width: 2, to: &out)
        if withMilliseconds {
            out.append(UInt8(ascii: "."))
            append(ofDay % 1000, width: 3, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` zero-padded to `width` digits; one that needs more (or is negative) as `String` writes it.
    private static func append(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var limit: Int64 = 1
        for _ in 0..<width { limit *= 10 }
        guard value >= 0, value < limit else {
            let digits = String(value)
            out += String(repeating: "0", count: max(0, width - digits.count)).utf8
            out += digits.utf8
            return
        }
        var divisor = limit / 10
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

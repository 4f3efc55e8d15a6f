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
        let days =
            milliseconds >= 0 ? milliseconds / dayMilliseconds : (milliseconds - dayMilliseconds + 1) / dayMilliseconds
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

    /// Milliseconds since 1970 of `2026-11-23T10:42:50+08:00` (a `Z` or `±HH:MM`/`±HHMM` zone is
    /// required, seconds and a fraction are optional); `nil` for anything else, including a date or
    /// time that does not exist (`2026-02-30`, `24:00`), which Foundation's parser rolls over.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var at = 0
        func number(_ width: Int) -> Int? {
            guard at + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[at..<at + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            at += width
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard at < bytes.count, let ascii = character.asciiValue, bytes[at] == ascii else { return false }
            at += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2),
            let date = CalendarDay(year: year, month: month, day: day),
            skip("T") || skip("t") || skip(" "), let hour = number(2), hour < 24, skip(":"), let minute = number(2),
            minute < 60
        else { return nil }
        var second = 0
        var milliseconds = 0
        if skip(":") {
            guard let value = number(2), value < 60 else { return nil }
            second = value
            if skip(".") || skip(",") {
                var digits = 0
                while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
                    if digits < 3 { milliseconds = milliseconds * 10 + Int(bytes[at] - 0x30) }
                    digits += 1
                    at += 1
                }
                guard (1...9).contains(digits) else { return nil }
                for _ in min(digits, 3)..<3 { milliseconds *= 10 }
            }
        }
        var offsetMinutes = 0
        if skip("Z") || skip("z") {
            offsetMinutes = 0
        } else if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") {
            let sign = bytes[at] == UInt8(ascii: "-") ? -1 : 1
            at += 1
            guard let hours = number(2), hours <= 14 else { return nil }
            _ = skip(":")
            guard let minutes = number(2), minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        guard at == bytes.count else { return nil }
        let local = ((Int64(date.index) * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        return (local - Int64(offsetMinutes) * 60) * 1000 + Int64(milliseconds)
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

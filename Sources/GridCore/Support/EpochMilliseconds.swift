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
    public static func seconds(_ milliseconds: Int64) -> String {
        let (date, ofDay) = split(milliseconds)
        return date + "T" + clock(ofDay) + "Z"
    }

    /// `2026-11-23T02:42:50.123Z`.
    public static func milliseconds(_ milliseconds: Int64) -> String {
        let (date, ofDay) = split(milliseconds)
        return date + "T" + clock(ofDay) + "." + padded(ofDay % 1000, 3) + "Z"
    }

    /// The UTC date, and the milliseconds into that day (whole days are floored, so times before 1970 work).
    private static func split(_ milliseconds: Int64) -> (date: String, ofDay: Int64) {
        let dayMilliseconds: Int64 = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / dayMilliseconds : (milliseconds - dayMilliseconds + 1) / dayMilliseconds
        let (year, month, day) = CalendarDay(index: Int(days)).components
        return (padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2), milliseconds - days * dayMilliseconds)
    }

    private static func clock(_ ofDay: Int64) -> String {
        padded(ofDay / 3_600_000, 2) + ":" + padded(ofDay / 60_000 % 60, 2) + ":" + padded(ofDay / 1000 % 60, 2)
    }

    private static func padded(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

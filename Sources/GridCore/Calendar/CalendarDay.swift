/// A date on the Beijing calendar (UTC+8, no daylight saving), counted as days since 1970-01-01.
public struct CalendarDay: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let index: Int

    public init(index: Int) { self.index = index }

    /// From year, month (1–12) and day; `nil` for a date that does not exist.
    public init?(year: Int, month: Int, day: Int) {
        // Years beyond four digits are typing errors, and would overflow the day count.
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        // Howard Hinnant's days-from-civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        index = era * 146097 + doe - 719468
    }

    /// `2026-10-01`
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = index + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((index % 7 + 7) % 7 + 3) % 7 + 1 }

    public var isWeekend: Bool { weekday >= 6 }

    public var description: String {
        let (y, m, d) = components
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.index < rhs.index }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(checking text: String) throws {
        guard let day = CalendarDay(text) else { throw CalendarDayError(text: text) }
        self = day
    }

    public var text: String { description }
}

public struct CalendarDayError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String { reason.description }
    public var reason: Reason { "'\(text)' is not a date YYYY-MM-DD" }
}

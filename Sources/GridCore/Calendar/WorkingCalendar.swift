import Foundation

/// Working time on China's calendar: weekdays are working days except statutory holidays, and some
/// weekend days are working days to make up for a long holiday (调休). Time limits of cases are
/// counted in working hours on this calendar, in Beijing time.
public struct WorkingCalendar: Sendable, Hashable, Codable {
    /// A stretch of a working day in minutes after local midnight, e.g. 08:30–12:00.
    public struct Period: Sendable, Hashable, Codable {
        public var startMinute: Int
        public var endMinute: Int
        public init(startMinute: Int, endMinute: Int) {
            self.startMinute = startMinute
            self.endMinute = endMinute
        }
    }

    /// Weekdays that are days off (法定节假日 and the days taken with them).
    public var holidays: Set<CalendarDay>
    /// Weekend days that are working days (调休上班).
    public var workingWeekends: Set<CalendarDay>
    /// The working hours of a working day, in order and not overlapping.
    public var periods: [Period]

    /// Beijing time: UTC+8 all year.
    public static let utcOffsetSeconds = 8 * 3600

    public init(
        holidays: Set<CalendarDay>, workingWeekends: Set<CalendarDay>,
        periods: [Period] = [
            Period(startMinute: 8 * 60 + 30, endMinute: 12 * 60),
            Period(startMinute: 13 * 60 + 30, endMinute: 17 * 60 + 30),
        ]
    ) {
        self.holidays = holidays
        self.workingWeekends = workingWeekends
        self.periods = periods
    }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        if workingWeekends.contains(day) { return true }
        if holidays.contains(day) { return false }
        return !day.isWeekend
    }

    /// Working seconds in one working day.
    public var secondsPerWorkingDay: Int { periods.reduce(0) { $0 + ($1.endMinute - $1.startMinute) * 60 } }

    /// Working seconds between two instants (0 when `end` is not after `start`).
    public func workingSeconds(from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        let (startDay, startSecond) = Self.local(start)
        let (endDay, endSecond) = Self.local(end)
        if startDay == endDay {
            return isWorkingDay(startDay) ? Double(seconds(in: startDay, from: startSecond, to: endSecond)) : 0
        }
        var total = isWorkingDay(startDay) ? seconds(in: startDay, from: startSecond, to: 86400) : 0
        var day = CalendarDay(index: startDay.index + 1)
        while day < endDay {
            if isWorkingDay(day) { total += secondsPerWorkingDay }
            day = CalendarDay(index: day.index + 1)
        }
        if isWorkingDay(endDay) { total += seconds(in: endDay, from: 0, to: endSecond) }
        return Double(total)
    }

    /// The instant at which `hours` working hours after `start` have passed.
    public func adding(workingHours hours: Double, to start: Date) -> Date {
        var remaining = Int((hours * 3600).rounded())
        var (day, second) = Self.local(start)
        guard remaining > 0, secondsPerWorkingDay > 0 else { return start }
        while true {
            if isWorkingDay(day) {
                for period in periods {
                    let from = max(second, period.startMinute * 60)
                    let to = period.endMinute * 60
                    guard from < to else { continue }
                    if remaining <= to - from { return Self.instant(day, second: from + remaining) }
                    remaining -= to - from
                }
            }
            day = CalendarDay(index: day.index + 1)
            second = 0
        }
    }

    private func seconds(in day: CalendarDay, from: Int, to: Int) -> Int {
        periods.reduce(0) { sum, period in
            sum + max(0, min(to, period.endMinute * 60) - max(from, period.startMinute * 60))
        }
    }

    /// Midnight in Beijing at the start of `day`, in milliseconds since 1970.
    public static func startMilliseconds(of day: CalendarDay) -> Int64 {
        Int64(day.index) * 86_400_000 - Int64(utcOffsetSeconds) * 1000
    }

    /// The Beijing calendar day of an instant and the seconds since its local midnight.
    public static func local(_ date: Date) -> (CalendarDay, Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        return (CalendarDay(index: day), seconds - day * 86400)
    }

    /// `2026-11-23 09:30`: an instant as a Beijing wall clock and calendar read it.
    public static func wallClock(_ date: Date) -> String {
        let (day, second) = local(date)
        let hour = second / 3600
        let minute = second % 3600 / 60
        return "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// Beijing midnight starting `day`.
    public static func midnight(_ day: CalendarDay) -> Date { instant(day, second: 0) }

    static func instant(_ day: CalendarDay, second: Int) -> Date {
        Date(timeIntervalSince1970: Double(day.index * 86400 + second - utcOffsetSeconds))
    }
}

extension WorkingCalendar {
    /// China's working calendar for 2026 (State Council notice 国办发明电〔2025〕) and 2027.
    ///
    /// 2027's statutory holidays are placed on their dates by the rules in force since 2025
    /// (国务院令第798号: 春节 four days from 除夕, 劳动节 two days); the State Council announces
    /// 2027's adjusted working days (调休) late in 2026, and an administrator adds them when it does.
    public static let china: WorkingCalendar = {
        func days(_ texts: [String]) -> Set<CalendarDay> { Set(texts.compactMap(CalendarDay.init)) }
        func range(_ from: String, _ to: String) -> [String] {
            guard let a = CalendarDay(from), let b = CalendarDay(to) else { return [] }
            return (a.index...b.index).map { CalendarDay(index: $0).description }
        }
        let holidays2026 =
            range("2026-01-01", "2026-01-03") + range("2026-02-15", "2026-02-23") + range("2026-04-04", "2026-04-06")
            + range("2026-05-01", "2026-05-05") + range("2026-06-19", "2026-06-21") + range("2026-09-25", "2026-09-27")
            + range("2026-10-01", "2026-10-07")
        let workdays2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
        let holidays2027 =
            ["2027-01-01"] + range("2027-02-05", "2027-02-08") + ["2027-04-05"] + range("2027-05-01", "2027-05-02")
            + ["2027-06-09", "2027-09-15"] + range("2027-10-01", "2027-10-03")
        return WorkingCalendar(holidays: days(holidays2026 + holidays2027), workingWeekends: days(workdays2026))
    }()
}

/// Where a case step stands against its time limit.
public enum TimeLimitStatus: String, Sendable, Codable, Comparable {
    /// Within the limit.
    case normal
    /// 黄灯: past the warning share of the limit.
    case yellow
    /// 红灯: the limit has passed (overdue, 超期).
    case red

    public static func < (lhs: TimeLimitStatus, rhs: TimeLimitStatus) -> Bool {
        let order: [TimeLimitStatus] = [.normal, .yellow, .red]
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    /// The status after `elapsed` working seconds of a `limitHours` limit; yellow from `warningShare` of it.
    public static func of(elapsedSeconds elapsed: Double, limitHours: Double, warningShare: Double = 0.8)
        -> TimeLimitStatus
    {
        let limit = limitHours * 3600
        if elapsed >= limit { return .red }
        if elapsed >= limit * warningShare { return .yellow }
        return .normal
    }
}

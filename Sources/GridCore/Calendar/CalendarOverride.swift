/// An administrator's correction to the shipped working calendar for one day — how the State
/// Council's yearly notice on holidays and 调休 reaches GridGov.
public struct CalendarOverride: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 法定节假日 (or a day taken with one): no working hours.
        case holiday
        /// 调休上班: a weekend day with working hours.
        case workday
        /// Back to the rule: weekdays work, weekends rest.
        case normal
    }

    public var day: CalendarDay
    public var kind: Kind
    /// What the day is, e.g. 春节 or 春节调休.
    public var note: String

    public init(day: CalendarDay, kind: Kind, note: String) {
        self.day = day
        self.kind = kind
        self.note = note
    }
}

extension WorkingCalendar {
    /// This calendar with the overrides applied in order.
    public func applying(_ overrides: [CalendarOverride]) -> WorkingCalendar {
        var calendar = self
        for override in overrides {
            calendar.holidays.remove(override.day)
            calendar.workingWeekends.remove(override.day)
            switch override.kind {
            case .holiday: calendar.holidays.insert(override.day)
            case .workday: calendar.workingWeekends.insert(override.day)
            case .normal: break
            }
        }
        return calendar
    }
}

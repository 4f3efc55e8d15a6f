/// When a key person is next visited (走访), from the visit-frequency table of their groups
/// (group × attention level, ``PopulationGroup/visitDays``): the day of their last visit plus the
/// shortest interval among their groups; someone never visited is due from the day they were
/// listed. Days are Beijing calendar days.
public enum VisitSchedule {
    /// How soon a visit is due, in the order a worker's list shows them.
    public enum Urgency: String, Sendable, Hashable, CaseIterable, Comparable {
        case overdue
        case today
        case thisWeek = "week"
        case later

        public static func < (a: Urgency, b: Urgency) -> Bool {
            allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
        }
    }

    /// The day a visit is due: `every` days after the last visit, or the day they were listed.
    public static func dueDay(lastVisit: CalendarDay?, listed: CalendarDay, every days: Int) -> CalendarDay {
        guard let lastVisit else { return listed }
        return CalendarDay(index: lastVisit.index + max(1, days))
    }

    public static func urgency(due: CalendarDay, today: CalendarDay) -> Urgency {
        if due < today { return .overdue }
        if due == today { return .today }
        return due.index - today.index <= 7 ? .thisWeek : .later
    }
}

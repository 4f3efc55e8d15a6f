import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/admin/calendar`: 节假日与调休 — the statutory holidays (法定节假日) and adjusted working days
/// (调休上班) of this year and the next, and the working hours of a day, as the working-hours clock
/// of every case time limit counts them.
struct CalendarPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/calendar") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/calendar") { _ in
                let strings = PageStrings.table(LoginPages.language(request))
                let (today, _) = WorkingCalendar.local(store.now.now)
                let year = today.components.year
                let calendar = store.calendar
                let values: [String: Any] = [
                    "years": [year, year + 1].map { Self.year($0, calendar, strings: strings) },
                    "periods": calendar.periods.map { "\(Self.clock($0.startMinute))–\(Self.clock($0.endMinute))" }.joined(separator: "、"),
                ]
                return renderer.page("admin_calendar", title: strings["calendar_title"] ?? "", request: request, context: context, values: values)
            }
        }
    }

    /// One year's days off, as runs of consecutive days, and its weekend working days.
    static func year(_ year: Int, _ calendar: WorkingCalendar, strings: [String: String]) -> [String: Any] {
        let holidays = calendar.holidays.filter { $0.components.year == year }.sorted()
        var runs: [(first: CalendarDay, last: CalendarDay)] = []
        for day in holidays {
            if let last = runs.last, last.last.index + 1 == day.index { runs[runs.count - 1].last = day } else { runs.append((day, day)) }
        }
        let workdays = calendar.workingWeekends.filter { $0.components.year == year }.sorted()
        func dated(_ day: CalendarDay) -> String { "\(day) \(strings["weekday_\(day.weekday)"] ?? "")" }
        return [
            "year": year,
            "holidays": runs.map { run in
                ["from": dated(run.first), "to": run.first == run.last ? nil as String? as Any : dated(run.last),
                 "days": run.last.index - run.first.index + 1] as [String: Any]
            },
            "workdays": workdays.map(dated),
        ]
    }

    /// `08:30` from minutes after midnight.
    static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return "\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/admin/calendar`: 节假日与调休 — the statutory holidays (法定节假日) and adjusted working days
/// (调休上班) of this year and the next, and the working hours of a day, as the working-hours clock
/// of every case time limit counts them; territory administrators enter the State Council's
/// yearly arrangement here day by day.
struct CalendarPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/calendar") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/calendar") { caller in
                // Only a date is echoed back (the notice after saving); anything else is ignored.
                let saved = try request.queryParameters.get("saved").flatMap { CalendarDay($0)?.description }
                return try await page(caller, request, context, typed: [:], error: nil, notice: saved, status: .ok)
            }
        }
        AdminGate.post(router, "/admin/calendar", page: "/admin/calendar", renderer: renderer) {
            form, caller, request, context in
            let typed = ["day": form["day"] ?? "", "kind": form["kind"] ?? "", "note": form["note"] ?? ""]
            let strings = PageStrings.table(LoginPages.language(request))
            do {
                let dayText = (typed["day"] ?? "").trimmingCharacters(in: .whitespaces)
                guard let day = CalendarDay(dayText) else {
                    throw APIError.invalid("day", "'\(dayText)' is not a date YYYY-MM-DD")
                }
                guard let kind = CalendarOverride.Kind(rawValue: typed["kind"] ?? "") else {
                    throw APIError.invalid("kind", "choose an arrangement")
                }
                try await store.setCalendarDay(
                    CalendarOverride(day: day, kind: kind, note: typed["note"] ?? ""), by: caller)
                return PageRenderer.redirect(to: "/admin/calendar?saved=\(day)")
            } catch {
                guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
                return try await page(
                    caller, request, context, typed: typed,
                    error: PageErrors.describe(apiError, strings: strings),
                    invalidField: apiError.field, notice: nil, status: .badRequest)
            }
        }
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: [String: String], error: String?,
        invalidField: String? = nil, notice: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let (today, _) = WorkingCalendar.local(store.now.now)
        let year = today.components.year
        let calendar = store.calendar
        let overrides = try await store.calendarOverrides()
        let chosen = typed["kind"] ?? CalendarOverride.Kind.holiday.rawValue
        let values: [String: Any] = [
            "years": [year, year + 1].map { Self.year($0, calendar, strings: strings) },
            "periods": calendar.periods.map { "\(Self.clock($0.startMinute))–\(Self.clock($0.endMinute))" }.joined(
                separator: "、"),
            "editable": caller.scope == .territory, "csrf": context.session?.csrfToken ?? "",
            "typed_day": typed["day"] ?? "", "typed_note": typed["note"] ?? "", "day_invalid": invalidField == "day",
            "kinds": CalendarOverride.Kind.allCases.map {
                [
                    "value": $0.rawValue, "name": strings["kind_" + $0.rawValue] ?? $0.rawValue,
                    "selected": $0.rawValue == chosen,
                ] as [String: Any]
            },
            "overrides": overrides.map {
                [
                    "day": $0.day.description, "kind": strings["kind_" + $0.kind.rawValue] ?? $0.kind.rawValue,
                    "note": $0.note.isEmpty ? nil as String? as Any : $0.note,
                ] as [String: Any]
            },
            "error": error as Any, "notice": notice.map { "\(strings["calendar_saved"] ?? ""): \($0)" } as Any,
        ]
        return renderer.page(
            .adminCalendar, title: strings["calendar_title"] ?? "", request: request, context: context,
            values: values, status: status)
    }

    /// One year's days off, as runs of consecutive days, and its weekend working days.
    static func year(_ year: Int, _ calendar: WorkingCalendar, strings: [String: String]) -> [String: Any] {
        let holidays = calendar.holidays.filter { $0.components.year == year }.sorted()
        var runs: [(first: CalendarDay, last: CalendarDay)] = []
        for day in holidays {
            if let last = runs.last, last.last.index + 1 == day.index {
                runs[runs.count - 1].last = day
            } else {
                runs.append((day, day))
            }
        }
        let workdays = calendar.workingWeekends.filter { $0.components.year == year }.sorted()
        func dated(_ day: CalendarDay) -> String { "\(day) \(strings["weekday_\(day.weekday)"] ?? "")" }
        return [
            "year": year,
            "holidays": runs.map { run in
                [
                    "from": dated(run.first), "to": run.first == run.last ? nil as String? as Any : dated(run.last),
                    "days": run.last.index - run.first.index + 1,
                ] as [String: Any]
            },
            "workdays": workdays.map(dated),
        ]
    }

    /// `08:30` from minutes after midnight.
    static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return "\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// 民情日志: `/m/log` is a worker's day in one page — attendance, patrols, visits, reports and
/// inspections the system already knows, with the worker's notes; a grid leader reads it and
/// comments. `/m/logs` lists the workers with a day to read in the leader's scope.
struct WorkLogPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/log") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/log") }
            return try await PageErrors.rendering(renderer, request, context) {
                let parameters = request.uri.queryParameters
                return try await dayPage(
                    caller, request, context, worker: parameters["worker"].map(String.init),
                    grid: parameters["grid"].map(String.init), day: parameters["day"].map(String.init), error: nil)
            }
        }
        for (path, commenting) in [("/m/log/notes", false), ("/m/log/comments", true)] {
            router.post(RouterPath(path)) { request, context in
                guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/log") }
                let form = try await FormFields.read(request, limit: context.maxUploadSize)
                return try await PageErrors.rendering(renderer, request, context) {
                    try await save(caller, form, commenting: commenting, request, context)
                }
            }
        }
        router.get("/m/logs") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/logs") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await list(caller, request, context)
            }
        }
    }

    private func day(_ text: String?) throws -> CalendarDay {
        guard let text, !text.isEmpty else { return WorkingCalendar.local(store.now.now).0 }
        guard let day = CalendarDay(text) else { throw APIError.invalid("day", "is not a date (YYYY-MM-DD)") }
        return day
    }

    private func dayPage(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, worker named: String?, grid text: String?,
        day dayText: String?, error: String?
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let day = try day(dayText)
        let worker = named ?? caller.actor
        let grid: RegionCode
        if let text, !text.isEmpty {
            grid = try RegionRoutes.code(text, field: "grid")
        } else if let own = caller.scope.topRegion, own.level >= .grid {
            grid = own
        } else {
            throw APIError.invalid("grid", "choose the grid")
        }
        let log = try await scoped.workDay(worker: worker, grid: grid, day: day)
        let own = worker == caller.actor
        let values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "worker": worker, "grid": grid.digits,
            "grid_name": try await scoped.region(grid).region?.name ?? grid.digits, "day": day.description,
            "previous": CalendarDay(index: day.index - 1).description,
            "next": CalendarDay(index: day.index + 1).description,
            "signed_in": log.attendance.map { CaseFormatter.beijingTime($0.signedInAt) } ?? "",
            "signed_out": log.attendance?.signedOutAt.map(CaseFormatter.beijingTime) ?? "",
            "patrols": log.patrols.count, "minutes": Int(log.patrolMinutes.rounded()),
            "metres": Int(log.patrolMetres.rounded()),
            "visits": log.entries.filter { $0.kind == "visit" }.count,
            "reports": log.entries.filter { $0.kind == "report" }.count,
            "inspections": log.entries.filter { $0.kind == "inspection" }.count,
            "entries": log.entries.map { entry in
                [
                    "kind": strings["log_kind_" + entry.kind] ?? entry.kind, "at": CaseFormatter.beijingTime(entry.at),
                    "title": entry.title,
                    "detail": entry.kind == "inspection"
                        ? "\(strings["log_failed"] ?? "") \(entry.detail)"
                        : TextRule.summary(of: entry.detail, codePoints: 80),
                    "link": entry.link ?? "",
                ].withoutEmptyTexts
            },
            "has_entries": !log.entries.isEmpty, "notes": log.notes,
            "may_write": own && [.worker, .gridleader].contains(caller.role),
            "may_comment": !own && [.gridleader, .station, .centre].contains(caller.role),
            "comments": log.comments.map {
                ["author": $0.author, "body": $0.body, "at": CaseFormatter.beijingTime($0.at)]
            },
            "has_comments": !log.comments.isEmpty, "error": error as Any,
        ]
        return renderer.page(
            .workerLog, title: strings["log_title"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: error == nil ? .ok : .badRequest)
    }

    private func save(
        _ caller: Caller, _ form: FormFields, commenting: Bool, _ request: Request, _ context: GridRequestContext
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let day = try day(form["day"])
        let grid = try RegionRoutes.code(form["grid"] ?? "", field: "grid")
        let worker = form["worker"] ?? caller.actor
        do {
            if commenting {
                try await scoped.commentOnWorkDay(worker: worker, grid: grid, day: day, form["comment"] ?? "")
            } else {
                try await scoped.saveWorkNotes(form["notes"] ?? "", day: day, grid: grid)
            }
        } catch StoreError.invalid(let field, let reason) {
            return try await dayPage(
                caller, request, context, worker: worker, grid: grid.digits, day: day.description,
                error: PageErrors.describe(field: field, reason.text(strings), strings: strings))
        }
        return PageRenderer.redirect(to: "/m/log?worker=\(worker)&grid=\(grid.digits)&day=\(day.description)")
    }

    private func list(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let day = try day(request.uri.queryParameters["day"].map(String.init))
        let active = try await scoped.workersActive(on: day)
        let names = try await scoped.names(of: Set(active.map(\.grid.digits)))
        let values: [String: Any] = [
            "day": day.description, "previous": CalendarDay(index: day.index - 1).description,
            "next": CalendarDay(index: day.index + 1).description,
            "workers": active.map {
                ["worker": $0.worker, "grid": $0.grid.digits, "grid_name": names[$0.grid.digits] ?? $0.grid.digits]
            },
            "none": active.isEmpty,
        ]
        return renderer.page(
            .workerLogs, title: strings["logs_title"] ?? "", request: request, context: context, values: values)
    }
}

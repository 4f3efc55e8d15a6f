import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/m`: the grid worker's phone pages (网格员). My tasks — cases where I have something to do now
/// (verify a fix, handle on the spot, rework) with their deadlines — then the rest of my grid's
/// open cases; and `/m/report`, a patrol report in three taps: category, photo, position (the
/// phone's geolocation or a tap on the grid's map), plus a few words.
struct WorkerPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m") }
            return try await tasks(caller, request, context)
        }
        router.get("/m/report") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/report") }
            return try await PageErrors.rendering(renderer, request, context) {
                try Self.requirePatrol(caller)
                return try await reportForm(caller, request, context, values: [:], error: nil, status: .ok)
            }
        }
        router.post("/m/report") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/report") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try Self.requirePatrol(caller)
                return try await report(caller, form, request, context)
            }
        }
    }

    /// Patrol reports (巡查上报) are the grid workers' channel; others report elsewhere.
    static func requirePatrol(_ caller: Caller) throws(StoreError) {
        guard [.worker, .gridleader].contains(caller.role) else {
            throw .outOfScope("patrol reports (grid workers only)")
        }
    }

    private func tasks(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let scoped = store.scoped(to: caller)
        var query = CaseQuery()
        query.states = CaseState.allCases.filter(\.isOpen)
        query.limit = 200
        let open = try await scoped.cases(query).cases
        let format = try await CaseFormatter.make(
            for: open.map(\.0), scoped: scoped, language: LoginPages.language(request),
            also: caller.scope.topRegion.map { [$0.digits] } ?? [])
        var tasks: [[String: Any]] = []
        var others: [[String: Any]] = []
        // Most urgent first: the earliest deadline.
        for (record, status) in open.sorted(by: { ($0.0.dueAtMilliseconds ?? .max) < ($1.0.dueAtMilliseconds ?? .max) })
        {
            var row = format.row(record, status)
            let actions = scoped.allowedActions(record).filter { ![.requestVoid].contains($0) }
            if actions.isEmpty {
                others.append(row)
            } else {
                row["todo"] = actions.map { format.actionName($0.rawValue) }.joined(separator: " / ")
                tasks.append(row)
            }
        }
        // Only a case number is echoed back (the link after a report); anything else is ignored.
        let reported = try request.queryParameters.get("reported").flatMap {
            $0.wholeMatch(of: /\d{6}-\d{8}-\d{4,}/) != nil ? $0 : nil
        }
        let place = caller.scope.topRegion.flatMap { format.names[$0.digits] } ?? ""
        return renderer.page(
            .worker, title: format.strings["m_title"] ?? "", request: request, context: context,
            values: [
                "tasks": tasks, "task_count": tasks.count, "open": others, "open_count": others.count,
                "reported": reported as Any, "place": place,
            ], scripts: ["offline-queue.js"])
    }

    private func report(_ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let values = [
            "category": form["category"] ?? "", "description": form["description"] ?? "", "lat": form["lat"] ?? "",
            "lng": form["lng"] ?? "",
        ]
        do {
            let location = try ReportForm.position(values["lat"], values["lng"], strings: strings)
            let photos = try form.photos("photo")
            let reported = try await store.scoped(to: caller).report(
                CaseReport(
                    category: values["category"] ?? "", description: values["description"] ?? "", location: location,
                    channel: .patrol, photos: photos))
            return PageRenderer.redirect(to: "/m?reported=\(reported.record.number)")
        } catch {
            guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
            return try await reportForm(
                caller, request, context, values: values, error: PageErrors.describe(apiError, strings: strings),
                status: .badRequest)
        }
    }

    private func reportForm(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, values: [String: String],
        error: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let format = try await CaseFormatter.make(for: [], scoped: scoped, language: LoginPages.language(request))
        var page: [String: Any] = values
        page["groups"] = format.categoryGroups(selected: values["category"])
        let frequent = try await scoped.frequentCategories()
        page["frequent"] = frequent.map { ["code": $0, "name": format.categoryName($0)] }
        page["has_frequent"] = !frequent.isEmpty
        page["csrf"] = context.session?.csrfToken ?? ""
        page["error"] = error as Any
        // The worker's own area to tap on: their grid (or the regions under their scope's top).
        page["locate_map"] =
            MapView.locating(try await scoped.topRegion(childBoundaries: true), strings: format.strings) as Any
        return renderer.page(
            .workerReport, title: format.strings["report_patrol_title"] ?? "", request: request, context: context,
            values: page, status: status, scripts: ["map.js", "locate.js", "photo-preview.js", "offline-queue.js"])
    }
}

/// What report forms share: reading the position a form sends.
enum ReportForm {
    /// Latitude and longitude typed, tapped or taken from the phone (WGS-84).
    static func position(_ lat: String?, _ lng: String?, strings: [String: String]) throws -> GeoPoint {
        guard let lat = lat.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            let lng = lng.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
        else {
            throw APIError.invalid("position", "latitude and longitude are required")
        }
        return try RegionRoutes.point(lat: lat, lng: lng, datum: .wgs84)
    }
}

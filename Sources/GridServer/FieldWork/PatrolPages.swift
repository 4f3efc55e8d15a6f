import Foundation
import GridCore
import GridStore
import Hummingbird

/// 巡查 and 考勤 on the phone, and what the command centre sees of them:
/// - `/m/patrol`: sign in and out where the worker stands; start a patrol, whose page sends the
///   phone's position every few seconds (`patrol.js`), and end it;
/// - `/m/patrols/{county}/{id}`: a patrol's track on its grid, replayed with a slider;
/// - `/center/field`: who is where now on the map, and each grid's field work today.
struct PatrolPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/patrol") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/patrol") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await patrolPage(caller, request, context, error: nil)
            }
        }
        for (path, action) in [
            ("/m/patrol/sign-in", "sign-in"), ("/m/patrol/sign-out", "sign-out"), ("/m/patrol/start", "start"),
            ("/m/patrol/end", "end"),
        ] {
            router.post(RouterPath(path)) { request, context in
                guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/patrol") }
                let form = try await FormFields.read(request, limit: context.maxUploadSize)
                return try await PageErrors.rendering(renderer, request, context) {
                    try await act(action, caller, form, request, context)
                }
            }
        }
        // The phone pages' service worker, served inside /m/ so that it may look after /m/….
        router.get("/m/phone-pages.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: try PageResources.text("phone-pages.js"))))
        }
        router.get("/m/patrols/:county/:id") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/patrol") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await replay(caller, request, context)
            }
        }
        router.get("/center/field") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/field") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await field(caller, request, context)
            }
        }
    }

    private func act(
        _ action: String, _ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        do {
            switch action {
            case "sign-in", "sign-out":
                let point = try ReportForm.position(form["lat"], form["lng"], strings: strings)
                _ = action == "sign-in" ? try await scoped.signIn(at: point) : try await scoped.signOut(at: point)
            case "start": _ = try await scoped.startPatrol()
            default:
                if let running = try await scoped.runningPatrol() {
                    _ = try await scoped.endPatrol(running.id, county: running.county)
                    return PageRenderer.redirect(to: "/m/patrols/\(running.county)/\(running.id)")
                }
            }
        } catch {
            guard let apiError = APIError.from(error), [.badRequest, .conflict].contains(apiError.status) else {
                throw error
            }
            return try await patrolPage(
                caller, request, context, error: PageErrors.describe(apiError, strings: strings))
        }
        return PageRenderer.redirect(to: "/m/patrol")
    }

    private func patrolPage(_ caller: Caller, _ request: Request, _ context: GridRequestContext, error: String?)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        var values: [String: Any] = ["csrf": context.session?.csrfToken ?? ""]
        if let day = try await scoped.attendanceToday() {
            values["signed_in"] = CaseFormatter.beijingTime(day.signedInAt)
            if let out = day.signedOutAt { values["signed_out"] = CaseFormatter.beijingTime(out) }
        }
        if let running = try await scoped.runningPatrol() {
            values["running"] = [
                "id": running.id, "county": running.county, "started": CaseFormatter.beijingTime(running.startedAt),
                "points": running.points, "distance": Int(running.distanceMetres.rounded()),
                "last_at": running.lastPoint?.at ?? running.startedAt,
            ]
        }
        if let grid = caller.scope.topRegion, grid.level >= .grid {
            let today = PatrolRoutes.startOfToday(store)
            let mine = try await scoped.patrols(inGrid: grid, from: today, to: today + 86_400_000).filter {
                $0.worker == caller.actor
            }
            values["has_today"] = !mine.isEmpty
            values["today"] = mine.map { patrol in
                [
                    "href": "/m/patrols/\(patrol.county)/\(patrol.id)",
                    "started": CaseFormatter.beijingTime(patrol.startedAt), "minutes": Int(patrol.minutes.rounded()),
                    "distance": Int(patrol.distanceMetres.rounded()), "running": patrol.endedAt == nil,
                ]
            }
        }
        if let error { values["error"] = error }
        return renderer.page(
            .workerPatrol, title: strings["patrol_title"] ?? "", request: request, context: context, values: values,
            status: error == nil ? .ok : .badRequest, scripts: ["patrol.js", "offline-queue.js"])
    }

    private func replay(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let (patrol, track) = try await scoped.patrol(
            try context.pathParameter("id"), county: try context.pathParameter("county"))
        let drawn = Track.simplified(track, tolerance: 3)
        let grid = try await scoped.region(patrol.grid).region
        let map = SVGMap.render(
            [grid].compactMap { $0 }, width: 360, link: { _ in nil },
            lines: [SVGMap.Line(points: drawn, cssClass: "track", id: "track")], label: strings["patrol_track"] ?? "")
        let values: [String: Any] = [
            "grid_name": grid?.name ?? patrol.grid.digits, "worker": patrol.worker,
            "started": CaseFormatter.beijingTime(patrol.startedAt),
            "ended": patrol.endedAt.map(CaseFormatter.beijingTime) ?? "", "minutes": Int(patrol.minutes.rounded()),
            "distance": Int(patrol.distanceMetres.rounded()), "points": patrol.points, "drawn": drawn.count,
            "map": map ?? "", "has_track": drawn.count > 1, "last_index": max(0, drawn.count - 1),
        ]
        return renderer.page(
            .workerPatrolReplay, title: strings["patrol_track"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, scripts: ["patrol.js"])
    }

    /// Who is where now, over the caller's regions, and each worker's patrols today.
    private func field(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let today = PatrolRoutes.startOfToday(store)
        let positions = try await scoped.workerPositions(since: today)
        let top = try await scoped.topRegion(childBoundaries: true)
        let regions = top.children.isEmpty ? [top.region].compactMap { $0 } : top.children
        let names = try await scoped.names(of: Set(positions.map(\.grid.digits)))
        let map = SVGMap.render(
            regions, width: 640, link: { "/regions/\($0.code.digits)" },
            markers: positions.map {
                SVGMap.Marker(
                    point: $0.point, href: nil, cssClass: "worker",
                    title: "\($0.worker) · \(CaseFormatter.beijingTime($0.at))")
            }, label: strings["field_title"] ?? "")
        var values: [String: Any] = [
            "map": map ?? "", "count": positions.count, "has_positions": !positions.isEmpty,
            "positions": positions.map {
                [
                    "worker": $0.worker, "grid": names[$0.grid.digits] ?? $0.grid.digits, "grid_code": $0.grid.digits,
                    "at": CaseFormatter.beijingTime($0.at),
                    "lat": String(format: "%.5f", $0.point.lat), "lng": String(format: "%.5f", $0.point.lng),
                ]
            },
        ]
        // A grid's field work over the last 30 days, per worker, when one is chosen.
        if let text = request.uri.queryParameters["grid"] {
            let grid = try RegionRoutes.code(String(text), field: "grid")
            let to = today + 86_400_000
            let coverage = try await scoped.patrolCoverage(inGrid: grid, from: to - 30 * 86_400_000, to: to)
            values["coverage_grid"] = try await scoped.region(grid).region?.name ?? grid.digits
            values["coverage"] = coverage.map { row in
                [
                    "worker": row.worker, "minutes": Int(row.minutes.rounded()),
                    "km": String(format: "%.1f", row.distanceMetres / 1000),
                    "passed": row.buildings == 0
                        ? "—"
                        : "\(row.buildingsPassed)/\(row.buildings)（\(row.buildingsPassed * 100 / row.buildings)%）",
                    "days": row.daysSignedIn, "log": "/m/log?worker=\(row.worker)&grid=\(grid.digits)",
                ]
            }
            values["has_coverage"] = true
        }
        return renderer.page(
            .centreField, title: strings["field_title"] ?? "", request: request, context: context, values: values)
    }
}

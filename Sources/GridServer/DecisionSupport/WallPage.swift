import Foundation
import GridCore
import GridStore
import Hummingbird

/// 大屏: `/center/wall?region=`, a command centre's wall screen for a 1920×1080 display — the
/// area's live map of open cases, today's figures and the month's rates, the month's hotspots,
/// the live feed and the open warnings — kept current by `wall.js` without reloading.
struct WallPage {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/wall") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/wall") }
            return try await PageErrors.rendering(renderer, request, context) {
                guard [.admin, .auditor, .centre, .leader, .station].contains(caller.role) else {
                    throw StoreError.outOfScope("the wall screen")
                }
                return try await page(caller, request, context)
            }
        }
    }

    private func page(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let today = WorkingCalendar.local(store.now.now).0
        let region =
            try request.queryParameters.get("region").map { try RegionRoutes.code($0, field: "region") }
            ?? caller.scope.topRegion
        let month = try await scoped.assessment(of: region, period: AssessmentPeriod.monthToDate(today))
        let todayFigures = month.daily.last
        func percent(_ indicator: Indicator) -> String {
            AssessmentPages.percent(indicator.ratio(month.area.inputs)?.value)
        }
        var figures: [[String: Any]] = [
            ["name": strings["wall_reported_today"] ?? "", "value": todayFigures?.reported ?? 0],
            ["name": strings["wall_closed_today"] ?? "", "value": todayFigures?.closed ?? 0],
        ]
        for indicator in [
            Indicator.onTimeHandlingRate, .closureRate, .onTimeClosureRate, .hotlineSatisfactionRate,
        ] {
            figures.append(["name": indicator.name, "value": percent(indicator)])
        }
        var values: [String: Any] = [
            "name": month.area.name, "code": month.area.id, "now": WorkingCalendar.wallClock(store.now.now),
            "score": month.area.score.map { String(format: "%.1f", $0) } ?? "—",
            "grade": month.area.grade?.rawValue ?? "",
            "figures": figures,
        ]
        if let region {
            let node = try await scoped.region(region, childBoundaries: true)
            let drawn = node.children.isEmpty ? [node.region].compactMap { $0 } : node.children
            if let fallback = SVGMap.render(drawn, link: { _ in nil }, label: month.area.name) {
                values["map"] = MapView(region: region, label: month.area.name, fallback: fallback, strings: strings)
            }
            if region.level >= .county {
                let spots = try await scoped.hotspots(
                    in: region, category: nil, period: AssessmentPeriod.monthToDate(today),
                    neighbourhood: .sharedBoundary)
                let classes = Dictionary(
                    uniqueKeysWithValues: spots.map { ($0.grid.code.digits, HotspotPages.cssClass($0)) })
                values["hotspot_map"] =
                    SVGMap.render(
                        spots.map(\.grid), link: { _ in nil }, cssClass: { classes[$0.code.digits] },
                        label: strings["hotspots_title"] ?? "") ?? ""
            }
        }
        let warnings = try await scoped.warnings(openOnly: true, limit: 10)
        let names = try await scoped.names(of: Set(warnings.map(\.node.digits)))
        values["warnings"] = warnings.map { warning in
            [
                "text":
                    "\(strings["warning_kind_\(warning.kind.rawValue)"] ?? "") · \(names[warning.node.digits] ?? warning.node.digits)"
                    + (warning.kind == .surge
                        ? " · \(warning.category) \(warning.observed)/\(String(format: "%.1f", warning.expected))" : "")
            ]
        }
        return renderer.page(
            .centreWall, title: strings["wall_title"] ?? "", request: request, context: context, values: values,
            scripts: ["map.js", "wall.js"])
    }
}

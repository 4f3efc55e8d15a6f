import Foundation
import GridCore
import GridStore
import Hummingbird

/// 热点分析: `/center/hotspots?region=&category=&from=&to=&distance=`: a county's (or township's,
/// community's) grids coloured by Gi* hot and cold spots at 90/95/99% after the false-discovery
/// correction, with the significant grids listed; `GET /api/v1/hotspots` gives the same figures.
struct HotspotPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/hotspots") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/hotspots") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await page(caller, request, context)
            }
        }
        router.get("/api/v1/hotspots") { request, context in
            let (spots, _, _) = try await Self.hotspots(store, try context.requireCaller(), request)
            return JSONResponse([
                "grids": .array(
                    spots.map { spot in
                        [
                            "grid": .string(spot.grid.code.digits), "name": .string(spot.grid.name),
                            "count": .number(Double(spot.count)), "z": .number(spot.z), "p": .number(spot.p),
                            "class": .string(Self.cssClass(spot)),
                        ]
                    })
            ])
        }
    }

    /// `hot-99`, `cold-95`, … or `none`.
    static func cssClass(_ spot: GridHotspot) -> String {
        guard let hot = spot.hot, let confidence = spot.confidence else { return "none" }
        return "\(hot ? "hot" : "cold")-\(confidence.rawValue)"
    }

    static func hotspots(_ store: GridStore, _ caller: Caller, _ request: Request) async throws -> (
        [GridHotspot], AssessmentQuery, RegionCode
    ) {
        let query = try AssessmentQuery(request, today: WorkingCalendar.local(store.now.now).0)
        let parameters = try request.queryParameters
        let category = parameters.get("category").flatMap { $0.isEmpty ? nil : $0 }
        var neighbourhood = HotspotNeighbourhood.sharedBoundary
        if let text = parameters.get("distance"), !text.isEmpty {
            guard let metres = Double(text), metres >= 1, metres <= 50_000 else {
                throw APIError.invalid("distance", "must be 1 to 50000 metres")
            }
            neighbourhood = .distanceBand(metres)
        }
        guard let area = query.region ?? caller.scope.topRegion else {
            throw APIError.invalid("region", "is required")
        }
        return (
            try await store.scoped(to: caller).hotspots(
                in: area, category: category, period: query.period, neighbourhood: neighbourhood), query, area
        )
    }

    private func page(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let (spots, query, area) = try await Self.hotspots(store, caller, request)
        let byGrid = Dictionary(uniqueKeysWithValues: spots.map { ($0.grid.code.digits, $0) })
        let map = SVGMap.render(
            spots.map(\.grid), link: { _ in nil }, cssClass: { byGrid[$0.code.digits].map(Self.cssClass) },
            title: { region in
                let spot = byGrid[region.code.digits]
                return "\(region.name) · \(spot?.count ?? 0) · z \(String(format: "%.2f", spot?.z ?? 0))"
            }, label: strings["hotspots_title"] ?? "")
        let catalogue = try await store.catalogue()
        let chosen = (try? request.queryParameters.get("category")) ?? ""
        let values: [String: Any] = [
            "map": map ?? "", "code": area.digits, "from": query.period.from.description,
            "to": query.period.to.description,
            "distance": (try? request.queryParameters.get("distance")) ?? "",
            "categories": catalogue.categories.filter { $0.parent != nil }.map {
                ["code": $0.code, "name": $0.name, "selected": $0.code == chosen]
            },
            "significant": spots.filter { $0.hot != nil }.sorted { $0.z > $1.z }.map { spot in
                [
                    "name": spot.grid.name, "count": spot.count, "z": String(format: "%.2f", spot.z),
                    "p": String(format: "%.4f", spot.p), "class": Self.cssClass(spot),
                    "label": (spot.hot == true ? strings["hotspots_hot"] : strings["hotspots_cold"]) ?? "",
                    "confidence": spot.confidence.map { "\($0.rawValue)%" } ?? "",
                ]
            },
            "has_significant": spots.contains { $0.hot != nil },
        ]
        return renderer.page(
            .centreHotspots, title: strings["hotspots_title"] ?? "", request: request, context: context,
            values: values)
    }
}

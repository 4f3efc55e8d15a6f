import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/center`: the command centre (指挥中心) of whatever level the user works at — the key
/// indicators of the area, a map of its regions coloured by open, warned and overdue cases (a
/// click drills down a level, down to the cases of one grid), the live feed of case changes, and
/// the queue with filters. A department sees its own cases without a map.
struct CentrePages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await centre(caller, request, context)
            }
        }
    }

    private func centre(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let language = LoginPages.language(request)
        let regionCode = try parameters.get("region").flatMap { $0.isEmpty ? nil : $0 }.map {
            try RegionRoutes.code($0, field: "region")
        }
        let query = try Self.queueQuery(parameters, region: regionCode)
        let page = try await scoped.cases(query)
        var extraNames: Set<String> = []
        if case .department(let department) = caller.scope { extraNames.insert(department.text) }
        let format = try await CaseFormatter.make(
            for: page.cases.map(\.0), scoped: scoped, language: language, also: extraNames)
        let strings = format.strings

        var values: [String: Any] = [
            "heading": strings[caller.role == .dept ? "my_queue" : "centre_title"] ?? "",
            "queue_title": strings["queue"] ?? "", "states_json": format.stateNamesJSON,
            "region": regionCode?.digits as Any, "q": query.text ?? "", "overdue": query.overdue,
            "groups": format.categoryGroups(selected: query.category),
            "rows": page.cases.map { format.row($0.0, $0.1) },
        ]
        let chosenState = parameters.get("state") ?? ""
        values["state_options"] =
            [
                ["value": "", "name": strings["state_open_all"] ?? "", "selected": chosenState.isEmpty],
                ["value": "all", "name": strings["all"] ?? "", "selected": chosenState == "all"],
            ]
            + CaseState.allCases.map {
                ["value": $0.rawValue, "name": format.stateName($0), "selected": chosenState == $0.rawValue]
                    as [String: Any]
            }
        if let cursor = page.nextCursor { values["next"] = Self.link(parameters, cursor: cursor) }

        var tallies: [String: CaseTally] = [:]
        if case .department(let department) = caller.scope {
            values["place"] = format.names[department.text] ?? department.text
        } else {
            let node =
                if let regionCode { try await scoped.region(regionCode, childBoundaries: true) } else {
                    try await scoped.topRegion(childBoundaries: true)
                }
            let shown = node.region
            values["place"] = shown?.name ?? strings["whole_territory"] ?? ""
            if let parent = shown?.parentCode, caller.scope.contains(parent), regionCode != nil {
                values["up"] = "/center?region=\(parent.digits)"
            } else if regionCode != nil {
                values["up"] = "/center"
            }
            let drawn = node.children.isEmpty ? [shown].compactMap { $0 } : node.children
            tallies = try await scoped.openCaseTallies(under: shown?.code, children: drawn)
            let markers =
                node.children.isEmpty
                ? page.cases.compactMap { record, status -> SVGMap.Marker? in
                    record.location.map {
                        SVGMap.Marker(
                            point: $0, href: "/cases/\(record.number)",
                            cssClass: status.map(CaseFormatter.statusClass) ?? "",
                            title: "\(record.number) \(format.categoryName(record.category))")
                    }
                } : []
            values["map"] =
                SVGMap.render(
                    drawn, link: { region in node.children.isEmpty ? nil : "/center?region=\(region.code.digits)" },
                    cssClass: { Self.tallyClass(tallies[$0.code.digits]) },
                    title: { region in
                        let tally = tallies[region.code.digits] ?? CaseTally()
                        return
                            "\(region.name)：\(strings["kpi_open"] ?? "") \(tally.open)，\(strings["kpi_warned"] ?? "") \(tally.warned)，\(strings["kpi_overdue"] ?? "") \(tally.overdue)"
                    },
                    markers: markers, label: shown?.name ?? "") as Any
        }
        let shares = try await scoped.linkageShares(region: regionCode)
        values["open"] = shares.open
        values["overdue"] = shares.overdue
        values["warned"] = tallies.isEmpty ? "—" : String(tallies.values.reduce(0) { $0 + $1.warned })
        values["closed"] = shares.closed
        values["within_grid"] = shares.withinGrid.map(Self.percent) ?? "—"
        values["within_township"] = shares.withinTownship.map(Self.percent) ?? "—"
        return renderer.page(
            .center, title: strings["centre_title"] ?? "", request: request, context: context, values: values,
            scripts: ["center.js"])
    }

    /// The queue's filters from the page's query: open cases unless a state (or `all`) is chosen.
    static func queueQuery(_ parameters: QueryParameters, region: RegionCode?) throws -> CaseQuery {
        var query = CaseQuery()
        query.region = region
        switch parameters.get("state") ?? "" {
        case "": query.states = CaseState.allCases.filter(\.isOpen)
        case "all": break
        case let text:
            guard let state = CaseState(rawValue: text) else {
                throw APIError.invalid("state", "unknown state '\(text)'")
            }
            query.states = [state]
        }
        query.category = parameters.get("category").flatMap { $0.isEmpty ? nil : $0 }
        query.text = parameters.get("q").flatMap { $0.isEmpty ? nil : $0 }
        query.overdue = parameters.get("overdue") == "true"
        query.cursor = parameters.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
        query.limit = 30
        return query
    }

    /// The same filters with the next page's cursor.
    static func link(_ parameters: QueryParameters, cursor: String) -> String {
        var pairs: [(String, String)] = []
        for name in ["region", "state", "category", "q", "overdue"] {
            if let value = parameters.get(name), !value.isEmpty { pairs.append((name, value)) }
        }
        pairs.append(("cursor", cursor))
        return "/center?" + pairs.map { "\($0)=\(PageRenderer.queryValue($1))" }.joined(separator: "&")
    }

    static func tallyClass(_ tally: CaseTally?) -> String {
        guard let tally, tally.open > 0 else { return "t-none" }
        if tally.overdue > 0 { return "t-overdue" }
        return tally.warned > 0 ? "t-warned" : "t-open"
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/center`: the command centre (指挥中心) of whatever level the user works at — the key
/// indicators of the area, a map of its regions coloured by open, warned and overdue cases (a
/// click drills down a level, down to the cases of one grid), the live feed of case changes, and
/// the queue with filters, search, sorting, bulk acceptance and export. A department sees its own
/// cases without a map.
struct CentrePages {
    let store: GridStore
    let renderer: PageRenderer

    /// The live feed opens with the changes of this last stretch of time.
    static let feedWindowMilliseconds: Int64 = 3_600_000
    /// An export holds at most this many cases; narrow the filters for more.
    static let exportLimit = 10_000

    func register(on router: Router<GridRequestContext>) {
        router.get("/center") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await centre(caller, request, context)
            }
        }
        for spreadsheet in [false, true] {
            router.get(spreadsheet ? "/center/export.xlsx" : "/center/export.csv") { request, context in
                guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center") }
                return try await PageErrors.rendering(renderer, request, context) {
                    try await export(caller, request, spreadsheet: spreadsheet)
                }
            }
        }
        router.post("/center/bulk") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await bulk(caller, form, request, context)
            }
        }
    }

    /// 批量受理、立案、派遣: the selected cases accepted, registered or dispatched to one department, one by one;
    /// each refusal is named, the rest go through.
    private func bulk(_ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        guard let action = form["action"].flatMap(CaseAction.init(rawValue:)), let done = Self.bulkActions[action]
        else {
            throw APIError.invalid("action", "only accept, register and dispatch are taken in bulk")
        }
        let numbers = Array(Set(form.all("number"))).sorted()
        guard (1...200).contains(numbers.count) else {
            throw APIError.invalid("number", "select 1 to 200 cases")
        }
        var input = CaseActionInput(action: action)
        if action == .dispatch {
            guard let unit = form["unit"], !unit.isEmpty else {
                throw APIError.invalid("unit", "choose a unit to dispatch to")
            }
            input.unit = unit
        }
        let scoped = store.scoped(to: caller)
        var refused: [String] = []
        for number in numbers {
            do {
                _ = try await scoped.act(on: number, input)
            } catch {
                guard APIError.from(error) != nil else { throw error }
                refused.append(number)
            }
        }
        let back = form["back"].flatMap { $0.hasPrefix("/center") ? $0 : nil } ?? "/center"
        var result = "\(done)=\(numbers.count - refused.count)"
        if !refused.isEmpty { result += "&refused=" + PageRenderer.queryValue(refused.joined(separator: ",")) }
        return PageRenderer.redirect(to: back + (back.contains("?") ? "&" : "?") + result)
    }

    /// What the centre may do to many cases at once: the intake steps, which need no note.
    static let bulkActions: [CaseAction: String] = [
        .accept: "accepted", .register: "registered", .dispatch: "dispatched",
    ]

    /// What a bulk action reports back on the page: counts and case numbers only, so a crafted
    /// link cannot put words of its own on the centre's screen.
    static func bulkNotice(_ parameters: QueryParameters, strings: [String: String]) -> String? {
        let counts = bulkActions.values.sorted().compactMap { name in
            parameters.get(name).flatMap { Int($0) }.map { ("bulk_" + name, $0) }
        }
        guard let (key, count) = counts.first else { return nil }
        var notice = "\(strings[key] ?? ""): \(count)"
        let listed: String = parameters.get("refused") ?? ""
        let refused = listed.split(separator: ",").prefix(200).map(String.init).filter {
            !$0.isEmpty && $0.count <= 40 && $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
        }
        if !refused.isEmpty { notice += "；\(strings["bulk_refused"] ?? ""): \(refused.joined(separator: "、"))" }
        return notice
    }

    /// The filtered queue, up to ``exportLimit`` cases, as an Excel workbook or as CSV (UTF-8 with a
    /// byte-order mark, as spreadsheet programs expect).
    private func export(_ caller: Caller, _ request: Request, spreadsheet: Bool) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let regionCode = try parameters.get("region").flatMap { $0.isEmpty ? nil : $0 }.map {
            try RegionRoutes.code($0, field: "region")
        }
        var query = try Self.queueQuery(parameters, region: regionCode)
        query.limit = CaseQuery.maxLimit
        var records: [(CaseRecord, TimeLimitStatus?)] = []
        while records.count < Self.exportLimit {
            let page = try await scoped.cases(query)
            records += page.cases
            guard page.hasMore else { break }
            if let cursor = page.nextCursor { query.cursor = cursor } else { query.offset += query.limit }
            if query.offset > CaseQuery.maxOffset { break }
        }
        records = Array(records.prefix(Self.exportLimit))
        let format = try await CaseFormatter.make(
            for: records.map(\.0), scoped: scoped, language: LoginPages.language(request))
        let table = format.table(records)
        var response = TableDownload.response(
            table, fileName: "cases", sheet: format.strings["queue"] ?? "cases", spreadsheet: spreadsheet)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func centre(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let language = LoginPages.language(request)
        let regionCode = try parameters.get("region").flatMap { $0.isEmpty ? nil : $0 }.map {
            try RegionRoutes.code($0, field: "region")
        }
        let isDepartment = if case .department = caller.scope { true } else { false }
        var query = try Self.queueQuery(parameters, region: regionCode)
        // A department's queue holds what it has to act on: cases to sign for and cases it handles.
        if isDepartment, (parameters.get("state") ?? "").isEmpty { query.states = [.dispatched, .handling] }
        let page = try await scoped.cases(query)
        var extraNames: Set<String> = []
        if case .department(let department) = caller.scope { extraNames.insert(department.text) }
        let format = try await CaseFormatter.make(
            for: page.cases.map(\.0), scoped: scoped, language: language, also: extraNames)
        let strings = format.strings

        let recent = try await scoped.recentChanges(
            within: regionCode, since: store.now.epochMilliseconds - Self.feedWindowMilliseconds)
        let feedFormat = try await CaseFormatter.make(for: recent.map(\.0), scoped: scoped, language: language)
        var values: [String: Any] = [
            "heading": strings[caller.role == .dept ? "my_queue" : "centre_title"] ?? "",
            "queue_title": strings["queue"] ?? "", "states_json": format.stateNamesJSON,
            "region": regionCode?.digits as Any, "q": query.text ?? "", "overdue_only": query.overdue,
            "groups": format.categoryGroups(selected: query.category),
            "rows": page.cases.map { format.row($0.0, $0.1) },
            "feed": recent.map { feedFormat.feedItem($0.0, $0.1) },
            "csrf": context.session?.csrfToken ?? "",
            // Only a centre holds the intake operator's post (``CasePost/held(by:on:tokenMatches:)``).
            "can_accept": caller.role == .centre,
            "back": Self.link(parameters, cursor: nil),
            "export": "/center/export.csv" + Self.query(parameters, cursor: nil),
            "export_xlsx": "/center/export.xlsx" + Self.query(parameters, cursor: nil),
            "sort_options": CaseOrder.allCases.map {
                [
                    "value": $0.rawValue, "name": strings["sort_" + $0.rawValue] ?? $0.rawValue,
                    "selected": query.order == $0,
                ] as [String: Any]
            },
            "notice": Self.bulkNotice(parameters, strings: strings) as Any,
        ]
        if caller.role == .centre {
            let units = try await scoped.departments().map { ["code": $0.code.text, "name": $0.name] }
            values["bulk_units"] = units
            values["has_bulk_units"] = !units.isEmpty
        }
        let chosenState = parameters.get("state") ?? ""
        values["state_options"] =
            [
                [
                    "value": "", "name": strings[isDepartment ? "state_unit_todo" : "state_open_all"] ?? "",
                    "selected": chosenState.isEmpty,
                ],
                ["value": "all", "name": strings["all"] ?? "", "selected": chosenState == "all"],
            ]
            + CaseState.allCases.map {
                ["value": $0.rawValue, "name": format.stateName($0), "selected": chosenState == $0.rawValue]
                    as [String: Any]
            }
        if let cursor = page.nextCursor {
            values["next"] = Self.link(parameters, cursor: cursor)
        } else if page.hasMore {
            values["next"] = Self.link(parameters, cursor: nil, offset: query.offset + query.limit)
        }

        var tallies: [String: CaseTally] = [:]
        if case .department(let department) = caller.scope {
            values["place"] = format.names[department.text] ?? department.text
            let figures = try await scoped.unitFigures()
            values["unit_figures"] = [
                "to_sign": figures.toSign, "handling": figures.handling, "overdue": figures.overdue,
                "handled": figures.handled,
            ]
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
            let svg =
                SVGMap.render(
                    drawn, link: { region in node.children.isEmpty ? nil : "/center?region=\(region.code.digits)" },
                    cssClass: { Self.tallyClass(tallies[$0.code.digits]) },
                    title: { region in
                        let tally = tallies[region.code.digits] ?? CaseTally()
                        return
                            "\(region.name)：\(strings["kpi_open"] ?? "") \(tally.open)，\(strings["kpi_warned"] ?? "") \(tally.warned)，\(strings["kpi_overdue"] ?? "") \(tally.overdue)"
                    },
                    markers: markers, label: shown?.name ?? "")
            values["map"] = svg as Any
            values["map_view"] =
                svg.map {
                    MapView(region: regionCode, label: shown?.name ?? "", fallback: $0, strings: strings)
                } as Any
        }
        if isDepartment {
            return renderer.page(
                .center, title: strings["centre_title"] ?? "", request: request, context: context, values: values,
                scripts: ["center.js"])
        }
        // Open, warned and overdue now, from the map's tallies; today's and this month's reports and
        // closures, and where this month's were handled (三级联动), from the cases reported since.
        values["open"] = tallies.values.reduce(0) { $0 + $1.open }
        values["overdue"] = tallies.values.reduce(0) { $0 + $1.overdue }
        values["warned"] = tallies.values.reduce(0) { $0 + $1.warned }
        let (today, _) = WorkingCalendar.local(store.now.now)
        let monthStart = CalendarDay(index: today.index - (today.components.day - 1))
        let month = try await scoped.linkageShares(
            region: regionCode, reportedSince: WorkingCalendar.midnight(monthStart).epochMilliseconds)
        let day = try await scoped.linkageShares(
            region: regionCode, reportedSince: WorkingCalendar.midnight(today).epochMilliseconds)
        values["reported_today"] = day.open + day.closed
        values["reported_month"] = month.open + month.closed
        values["closed"] = month.closed
        values["within_grid"] = month.withinGrid.map(Self.percent) ?? "—"
        values["within_township"] = month.withinTownship.map(Self.percent) ?? "—"
        return renderer.page(
            .center, title: strings["centre_title"] ?? "", request: request, context: context, values: values,
            scripts: ["center.js", "map.js"])
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
        if let sort = parameters.get("sort"), !sort.isEmpty {
            guard let order = CaseOrder(rawValue: sort) else {
                throw APIError.invalid("sort", "'\(sort)' is not one of \(CaseOrder.allCases.map(\.rawValue))")
            }
            query.order = order
        }
        query.cursor = parameters.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
        if let offset = parameters.get("offset"), !offset.isEmpty {
            guard let number = Int(offset), (0...CaseQuery.maxOffset).contains(number) else {
                throw APIError.invalid("offset", "must be a whole number from 0 to \(CaseQuery.maxOffset)")
            }
            query.offset = number
        }
        query.limit = 30
        return query
    }

    /// The filters of the page as a query string (`?region=…&q=…`), without paging.
    static func query(_ parameters: QueryParameters, cursor: String?, offset: Int? = nil) -> String {
        var pairs: [(String, String)] = []
        for name in ["region", "state", "category", "q", "overdue", "sort"] {
            if let value = parameters.get(name), !value.isEmpty { pairs.append((name, value)) }
        }
        if let cursor { pairs.append(("cursor", cursor)) }
        if let offset { pairs.append(("offset", String(offset))) }
        return pairs.isEmpty ? "" : "?" + pairs.map { "\($0)=\(PageRenderer.queryValue($1))" }.joined(separator: "&")
    }

    /// The centre page with the same filters, at the page `cursor` or `offset` names.
    static func link(_ parameters: QueryParameters, cursor: String?, offset: Int? = nil) -> String {
        "/center" + query(parameters, cursor: cursor, offset: offset)
    }

    static func tallyClass(_ tally: CaseTally?) -> String {
        guard let tally, tally.open > 0 else { return "t-none" }
        if tally.overdue > 0 { return "t-overdue" }
        return tally.warned > 0 ? "t-warned" : "t-open"
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
}

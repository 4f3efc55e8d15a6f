import Foundation
import GridCore
import GridStore
import Hummingbird

/// 走访排查 (screening campaigns):
/// - `/center/campaigns`: the campaigns that concern the caller with their coverage, and the form
///   that starts one (a questionnaire and rules as JSON, prefilled with an example).
/// - `/center/campaigns/{county}/{id}?region=&day=`: an area's coverage and its children's (the
///   figures each level sends up, as a table, on the 五色图 map, printable; `…/report.xlsx` and
///   `…/report.csv` the same table as files).
/// - `/m/campaigns`: a grid worker's open campaigns; `/m/campaigns/{county}/{id}` the grid's
///   households, those to visit first; `/m/campaigns/{county}/{id}/{key}` the questionnaire,
///   sent through the phone's offline queue.
/// - The API under `/api/v1/campaigns`.
struct CampaignPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/campaigns") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/campaigns") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await list(caller, request, context, definition: nil, region: nil, error: nil)
            }
        }
        router.post("/center/campaigns") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/campaigns") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                do {
                    let campaign = try await store.scoped(to: caller).startCampaign(
                        try Self.definition(form["definition"] ?? ""),
                        over: try RegionRoutes.code(form["region"] ?? "", field: "region"))
                    return PageRenderer.redirect(to: "/center/campaigns/\(campaign.county)/\(campaign.id)")
                } catch {
                    guard let apiError = APIError.from(error),
                        [.badRequest, .conflict, .notFound].contains(apiError.status)
                    else { throw error }
                    return try await list(
                        caller, request, context, definition: form["definition"], region: form["region"],
                        error: PageErrors.describe(apiError, strings: strings), status: apiError.status)
                }
            }
        }
        for format in ["", "/report.xlsx", "/report.csv"] {
            router.get("/center/campaigns/:county/:id\(format)") { request, context in
                guard let caller = context.caller else {
                    return PageRenderer.redirect(to: "/login?next=/center/campaigns")
                }
                return try await PageErrors.rendering(renderer, request, context) {
                    try await report(caller, request, context, format: format)
                }
            }
        }
        router.post("/center/campaigns/:county/:id/close") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/campaigns") }
            _ = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let campaign = try await store.scoped(to: caller).closeCampaign(
                    county: try context.pathParameter("county"), id: try context.pathParameter("id"))
                return PageRenderer.redirect(to: "/center/campaigns/\(campaign.county)/\(campaign.id)")
            }
        }
        router.get("/m/campaigns") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/campaigns") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await phoneList(caller, request, context)
            }
        }
        router.get("/m/campaigns/:county/:id") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/campaigns") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await phoneTasks(
                    caller, request, context, chosen: try request.queryParameters.get("task"), answers: [:], error: nil)
            }
        }
        router.post("/m/campaigns/:county/:id") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/campaigns") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                let scoped = store.scoped(to: caller)
                let campaign = try await scoped.campaign(
                    county: try context.pathParameter("county"), id: try context.pathParameter("id"))
                let answers = Self.answers(form, campaign.definition.questionnaire)
                let task = (form["task"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
                do {
                    guard task.count == 2 else { throw APIError.invalid("task", "choose the household") }
                    _ = try await scoped.recordCampaignResult(
                        campaign, county: task[0], key: task[1], answers: answers)
                } catch {
                    guard let apiError = APIError.from(error),
                        [.badRequest, .conflict, .notFound].contains(apiError.status)
                    else { throw error }
                    // An answer's refusal names its question as the form asks it.
                    let question = campaign.definition.questionnaire.questions.first {
                        apiError.field == "answers.\($0.key)"
                    }
                    let message =
                        question.map { "\($0.label): \(apiError.reason.text(strings))" }
                        ?? PageErrors.describe(apiError, strings: strings)
                    return try await phoneTasks(
                        caller, request, context, chosen: form["task"], answers: answers, error: message,
                        status: apiError.status)
                }
                let grid = form["grid"].map { "&grid=\($0)" } ?? ""
                return PageRenderer.redirect(to: "/m/campaigns/\(campaign.county)/\(campaign.id)?saved=1\(grid)")
            }
        }
        registerAPI(on: router)
    }

    /// A form's answers to the questionnaire's questions (other fields are the form's own).
    static func answers(_ form: FormFields, _ questionnaire: Questionnaire) -> [String: String] {
        var answers: [String: String] = [:]
        for question in questionnaire.questions {
            if let value = form["q_\(question.key)"], !value.isEmpty { answers[question.key] = value }
        }
        return answers
    }

    static func definition(_ text: String) throws -> CampaignDefinition {
        do {
            return try JSONDecoder().decode(CampaignDefinition.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw APIError.invalid("definition", "is not a campaign definition: \(Self.describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context)) \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// An example a command centre starts from: a flood-season household screening.
    static let exampleDefinition = """
        {
          "title": "防汛入户排查",
          "kind": "防汛排查",
          "unit": "household",
          "questions": [
            {"key": "at_home", "label": "是否有人在家", "type": "choice", "options": ["是", "否"], "required": true},
            {"key": "people", "label": "在家人数", "type": "number", "options": ["0", "30"], "show_if": {"field": "at_home", "equals": ["是"]}},
            {"key": "vulnerable", "label": "是否有老弱病残需转移", "type": "choice", "options": ["是", "否"], "show_if": {"field": "people", "at_least": 1}},
            {"key": "house_risk", "label": "房屋险情", "type": "choice", "options": ["无", "渗漏", "开裂", "倒塌危险"], "required": true},
            {"key": "note", "label": "其他情况", "type": "text"}
          ],
          "rules": [
            {"when": [{"field": "house_risk", "equals": ["倒塌危险"]}], "status": "red", "reason": "房屋有倒塌危险", "raise_case": "AQ01"},
            {"when": [{"field": "house_risk", "equals": ["开裂"]}], "status": "orange", "reason": "房屋开裂"},
            {"when": [{"field": "vulnerable", "equals": ["是"]}], "status": "yellow", "reason": "有需转移的老弱病残", "tag": "防汛转移对象"}
          ]
        }
        """

    static func coverageJSON(_ coverage: CampaignCoverage) -> JSONValue {
        [
            "region": .string(coverage.node.digits), "households": .number(Double(coverage.households)),
            "visited": .number(Double(coverage.visited)),
            "yellow": .number(Double(coverage.found[.yellow] ?? 0)),
            "orange": .number(Double(coverage.found[.orange] ?? 0)), "red": .number(Double(coverage.found[.red] ?? 0)),
            "colour": coverage.colour.map { .string($0.rawValue) } ?? .null,
        ]
    }

    static func campaignJSON(_ campaign: Campaign) -> JSONValue {
        [
            "county": .string(campaign.county), "id": .string(campaign.id), "region": .string(campaign.region.digits),
            "title": .string(campaign.definition.title), "kind": .string(campaign.definition.kind),
            "unit": .string(campaign.definition.unit.rawValue), "tasks": .number(Double(campaign.tasks)),
            "created_by": .string(campaign.createdBy), "created_at": .string(ISO8601UTC.seconds(campaign.createdAt)),
            "closed_at": campaign.closedAt.map { .string(ISO8601UTC.seconds($0)) } ?? .null,
            "questions": .array(
                campaign.definition.questionnaire.questions.map { question in
                    [
                        "key": .string(question.key), "label": .string(question.label),
                        "type": .string(question.type.rawValue),
                        "options": .array(question.options.map(JSONValue.string)),
                        "required": .bool(question.required),
                    ]
                }),
        ]
    }

    static func taskJSON(_ task: CampaignTask) -> JSONValue {
        [
            "county": .string(task.county), "key": .string(task.key), "grid": .string(task.grid.digits),
            "label": .string(task.label), "done_at": task.doneAt.map { .string(ISO8601UTC.seconds($0)) } ?? .null,
            "done_by": JSONValue(task.doneBy), "answers": .object(task.answers.mapValues(JSONValue.string)),
            "status": task.status.map { .string($0.rawValue) } ?? .null, "case": JSONValue(task.caseNumber),
        ]
    }

    private func registerAPI(on router: Router<GridRequestContext>) {
        router.get("/api/v1/campaigns") { _, context in
            let campaigns = try await store.scoped(to: try context.requireCaller()).campaigns()
            return JSONResponse(["campaigns": .array(campaigns.map(Self.campaignJSON))])
        }
        router.post("/api/v1/campaigns") { request, context in
            let members = try await request.decodeJSONObject(allowedFields: ["region", "definition"], context: context)
            let region = try RegionRoutes.code(try members.string("region"), field: "region")
            guard let definition = members.members["definition"], case .object = definition else {
                throw APIError.invalid("definition", "a campaign definition (an object) is required")
            }
            let campaign = try await store.scoped(to: try context.requireCaller()).startCampaign(
                try Self.definition(definition.canonicalText), over: region)
            return JSONResponse(Self.campaignJSON(campaign))
        }
        router.get("/api/v1/campaigns/:county/:id") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let campaign = try await scoped.campaign(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"))
            let (area, day) = try Self.areaAndDay(request)
            let coverage = try await scoped.campaignCoverage(campaign, of: area, day: day)
            var json = Self.campaignJSON(campaign).objectValue ?? [:]
            json["coverage"] = Self.coverageJSON(coverage.area)
            json["children"] = .array(coverage.children.map(Self.coverageJSON))
            return JSONResponse(.object(json))
        }
        router.get("/api/v1/campaigns/:county/:id/tasks") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let campaign = try await scoped.campaign(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"))
            guard let text = try request.queryParameters.get("grid") else {
                throw APIError.invalid("grid", "a grid code is required")
            }
            let tasks = try await scoped.campaignTasks(campaign, inGrid: try RegionRoutes.code(text, field: "grid"))
            return JSONResponse(["tasks": .array(tasks.map(Self.taskJSON))])
        }
        router.post("/api/v1/campaigns/:county/:id/tasks/:task_county/:key") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let members = try await request.decodeJSONObject(allowedFields: ["answers"], context: context)
            guard case .object(let given)? = members.members["answers"] else {
                throw APIError.invalid("answers", "an object of answers by question key is required")
            }
            var answers: [String: String] = [:]
            for (key, value) in given {
                switch value {
                case .string(let text): answers[key] = text
                case .number(let number):
                    answers[key] = Int(exactly: number).map(String.init) ?? String(number)
                case .null: continue
                default: throw APIError.invalid("answers.\(key)", "an answer is a string or a number")
                }
            }
            let campaign = try await scoped.campaign(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"))
            let (task, replayed) = try await scoped.recordCampaignResult(
                campaign, county: try context.pathParameter("task_county"), key: try context.pathParameter("key"),
                answers: answers)
            var json = Self.taskJSON(task).objectValue ?? [:]
            json["replayed"] = .bool(replayed)
            return JSONResponse(.object(json))
        }
        router.post("/api/v1/campaigns/:county/:id/close") { _, context in
            let campaign = try await store.scoped(to: try context.requireCaller()).closeCampaign(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"))
            return JSONResponse(Self.campaignJSON(campaign))
        }
    }

    static func areaAndDay(_ request: Request) throws -> (RegionCode?, CalendarDay?) {
        let area = try (try request.queryParameters.get("region")).map { try RegionRoutes.code($0, field: "region") }
        var day: CalendarDay?
        if let text = try request.queryParameters.get("day"), !text.isEmpty {
            guard let parsed = CalendarDay(text) else {
                throw APIError.invalid("day", "'\(text)' is not a date (YYYY-MM-DD)")
            }
            day = parsed
        }
        return (area, day)
    }

    // MARK: Pages

    private func list(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, definition: String?, region: String?,
        error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let campaigns = try await scoped.campaigns()
        var rows: [[String: Any]] = []
        for campaign in campaigns.prefix(50) {
            let coverage = try await scoped.campaignCoverage(campaign).area
            rows.append([
                "county": campaign.county, "id": campaign.id, "title": campaign.definition.title,
                "kind": campaign.definition.kind, "open": campaign.isOpen,
                "since": CaseFormatter.beijingTime(campaign.createdAt),
                "visited": coverage.visited, "households": coverage.households,
                "share": coverage.share.map { String(format: "%.1f%%", $0 * 100) } ?? "—",
            ])
        }
        let node = try await scoped.topRegion()
        var choices: [(String, String)] = node.region.map { [($0.code.digits, $0.name)] } ?? []
        choices += node.children.map { ($0.code.digits, $0.name) }
        let values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "error": error as Any, "campaigns": rows,
            "has_campaigns": !rows.isEmpty, "can_start": [.admin, .centre].contains(caller.role),
            "definition": definition ?? Self.exampleDefinition,
            "choices": choices.map { ["code": $0.0, "name": $0.1, "selected": $0.0 == region] },
        ]
        return renderer.page(
            .centreCampaigns, title: strings["campaigns_title"] ?? "", request: request, context: context,
            values: values, status: status)
    }

    private func report(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, format: String
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let campaign = try await scoped.campaign(
            county: try context.pathParameter("county"), id: try context.pathParameter("id"))
        let (area, day) = try Self.areaAndDay(request)
        let coverage = try await scoped.campaignCoverage(campaign, of: area, day: day)
        let names = try await scoped.names(of: Set([coverage.area.node.digits] + coverage.children.map(\.node.digits)))
        func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func colourName(_ colour: RegionRiskColour?) -> String {
            colour.map { strings["campaign_colour_\($0.rawValue)"] ?? $0.rawValue }
                ?? (strings["campaign_not_started"] ?? "")
        }
        let all = [coverage.area] + coverage.children
        if !format.isEmpty {
            var table = [
                [
                    strings["campaign_area"] ?? "", strings["campaign_households"] ?? "",
                    strings["campaign_visited"] ?? "",
                    strings["campaign_coverage"] ?? "", RiskStatus.yellow.chineseName, RiskStatus.orange.chineseName,
                    RiskStatus.red.chineseName, strings["campaign_colour"] ?? "",
                ]
            ]
            for row in all {
                table.append([
                    names[row.node.digits] ?? row.node.digits, "\(row.households)", "\(row.visited)",
                    percent(row.share),
                    "\(row.found[.yellow] ?? 0)", "\(row.found[.orange] ?? 0)", "\(row.found[.red] ?? 0)",
                    colourName(row.colour),
                ])
            }
            let fileName = "campaign-\(coverage.area.node.digits)-\(day?.description ?? "total")"
            return TableDownload.response(
                table, fileName: fileName, sheet: campaign.definition.title, spreadsheet: format.hasSuffix(".xlsx"))
        }
        func row(_ coverage: CampaignCoverage) -> [String: Any] {
            [
                "code": coverage.node.digits, "name": names[coverage.node.digits] ?? coverage.node.digits,
                "households": coverage.households, "visited": coverage.visited, "share": percent(coverage.share),
                "yellow": coverage.found[.yellow] ?? 0, "orange": coverage.found[.orange] ?? 0,
                "red": coverage.found[.red] ?? 0, "colour": coverage.colour?.rawValue ?? "none",
                "colour_name": colourName(coverage.colour), "drill": coverage.node.level <= .grid,
            ]
        }
        let query = "region=\(coverage.area.node.digits)\(day.map { "&day=\($0)" } ?? "")"
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "county": campaign.county, "id": campaign.id,
            "title": campaign.definition.title, "kind": campaign.definition.kind, "open": campaign.isOpen,
            "since": CaseFormatter.beijingTime(campaign.createdAt), "by": campaign.createdBy,
            "area": row(coverage.area), "children": coverage.children.map(row),
            "has_children": !coverage.children.isEmpty,
            "day": day?.description ?? "", "is_day": day != nil, "query": query,
            "can_close": campaign.isOpen && [.admin, .centre].contains(caller.role)
                && caller.scope.contains(campaign.region),
            "has_up": coverage.area.node != campaign.region && campaign.region.contains(coverage.area.node),
            "up": coverage.area.node.chain(upTo: .province).dropFirst().first?.digits ?? "",
        ]
        if coverage.area.node.level < .grid {
            let node = try await scoped.region(coverage.area.node, childBoundaries: true)
            let colours = Dictionary(
                coverage.children.map { ($0.node.digits, $0.colour?.rawValue ?? "none") },
                uniquingKeysWith: { a, _ in a })
            values["map"] =
                SVGMap.render(
                    node.children.filter { $0.code.level <= .grid },
                    link: { "/center/campaigns/\(campaign.county)/\(campaign.id)?region=\($0.code.digits)" },
                    cssClass: { "c-\(colours[$0.code.digits] ?? "none")" },
                    title: { region in
                        "\(region.name) · \(colourName(colours[region.code.digits].flatMap(RegionRiskColour.init(rawValue:))))"
                    },
                    label: strings["campaign_map"] ?? "") ?? ""
        }
        if coverage.area.node.level == .grid {
            // 一人一码 on the grid's map: each building in the worst status of its households.
            let rollUp = try await scoped.riskRollUp(inGrid: coverage.area.node)
            let grid = try await scoped.region(coverage.area.node).region
            values["buildings"] = rollUp.buildings.map { building in
                [
                    "name": building.name, "status": building.status?.rawValue ?? "none",
                    "status_name": building.status?.chineseName ?? (strings["campaign_no_status"] ?? ""),
                ]
            }
            values["has_buildings"] = !rollUp.buildings.isEmpty
            values["buildings_unplaced"] = rollUp.buildings.contains { $0.address.point == nil }
            values["map"] =
                SVGMap.render(
                    grid.map { [$0] } ?? [], link: { _ in nil },
                    cssClass: { _ in "c-\(coverage.area.colour?.rawValue ?? "none")" },
                    markers: rollUp.buildings.compactMap { building in
                        building.address.point.map { point in
                            SVGMap.Marker(
                                point: point, href: nil, cssClass: "b-\(building.status?.rawValue ?? "none")",
                                title: "\(building.name) · \(building.status?.chineseName ?? "—")")
                        }
                    }, label: strings["campaign_buildings"] ?? "") ?? ""
        }
        return renderer.page(
            .centreCampaign, title: "\(campaign.definition.title) · \(strings["campaigns_title"] ?? "")",
            request: request, context: context, values: values)
    }

    private func phoneList(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let (grid, grids) = try await RegistryPages(store: store, renderer: renderer).gridChoice(
            caller, grid: try request.queryParameters.get("grid"))
        var values = try await RegistryPages(store: store, renderer: renderer).gridValues(scoped, grid, grids)
        var rows: [[String: Any]] = []
        // Tasks are a grid's: a micro-grid's worker has none of their own.
        if let grid, grid.level == .grid {
            for campaign in try await scoped.campaigns() where campaign.isOpen && campaign.region.contains(grid) {
                let coverage = try await scoped.campaignCoverage(campaign, of: grid).area
                rows.append([
                    "county": campaign.county, "id": campaign.id, "title": campaign.definition.title,
                    "visited": coverage.visited, "households": coverage.households, "grid": grid.digits,
                    "left": coverage.households - coverage.visited,
                ])
            }
        }
        values["campaigns"] = rows
        values["none"] = rows.isEmpty
        return renderer.page(
            .workerCampaigns, title: strings["campaigns_title"] ?? "", request: request, context: context,
            values: values)
    }

    /// A grid's households of a campaign and, above them, the questionnaire for the one chosen:
    /// one page, so a phone that opened it with a signal can keep recording without one.
    private func phoneTasks(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, chosen: String?,
        answers: [String: String], error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let campaign = try await scoped.campaign(
            county: try context.pathParameter("county"), id: try context.pathParameter("id"))
        let (grid, grids) = try await RegistryPages(store: store, renderer: renderer).gridChoice(
            caller, grid: try request.queryParameters.get("grid"))
        var values = try await RegistryPages(store: store, renderer: renderer).gridValues(scoped, grid, grids)
        var tasks: [CampaignTask] = []
        if let grid { tasks = try await scoped.campaignTasks(campaign, inGrid: grid) }
        func row(_ task: CampaignTask) -> [String: Any] {
            [
                "task": "\(task.county)/\(task.key)", "label": task.label,
                "status": task.status?.rawValue ?? "", "status_name": task.status?.chineseName ?? "",
                "done": task.doneAt.map(CaseFormatter.beijingTime) ?? "", "case": task.caseNumber ?? "",
                "selected": "\(task.county)/\(task.key)" == chosen,
            ].withoutEmptyTexts
        }
        let pending = tasks.filter { $0.doneAt == nil }
        values["csrf"] = context.session?.csrfToken ?? ""
        values["error"] = error as Any
        values["county"] = campaign.county
        values["id"] = campaign.id
        values["title"] = campaign.definition.title
        values["open"] = campaign.isOpen && !pending.isEmpty
        values["pending"] = pending.map(row)
        values["done"] = tasks.filter { $0.doneAt != nil }.map(row)
        values["pending_count"] = pending.count
        values["done_count"] = tasks.count - pending.count
        values["saved"] = (try request.queryParameters.get("saved")) != nil
        values["questions"] = campaign.definition.questionnaire.questions.map { question in
            [
                "name": "q_\(question.key)", "label": question.label, "required": question.required,
                "is_choice": question.type == .choice, "is_number": question.type == .number,
                "is_date": question.type == .date, "value": answers[question.key] ?? "",
                "options": question.options.map { ["name": $0, "selected": answers[question.key] == $0] },
                "show_field": question.showIf.map { "q_\($0.field)" } ?? "",
                "show_values": question.showIf?.equals?.joined(separator: "|") ?? "",
                "show_at_least": question.showIf?.atLeast.map { String($0) } ?? "",
            ] as [String: Any]
        }
        return renderer.page(
            .workerCampaignTasks, title: campaign.definition.title, request: request, context: context, values: values,
            status: status, scripts: ["offline-queue.js", "campaign-form.js"])
    }
}

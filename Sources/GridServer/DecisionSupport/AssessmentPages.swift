import Foundation
import GridCore
import GridStore
import Hummingbird

/// 研判考评 pages:
/// - `/center/assessment?region=&period=|from=&to=`: an area's indicators with their definitions,
///   the scores of each post, its children and departments ranked with their trend, the trend
///   and category charts and the map by grade; printable on A4 (日报/周报/月报).
/// - `/center/assessment.csv|.xlsx`: the same figures as a table.
/// - `/admin/assessment`: the weights of each post's comprehensive score.
struct AssessmentPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/assessment") { request, context in
            guard let caller = context.caller else {
                return PageRenderer.redirect(to: "/login?next=/center/assessment")
            }
            return try await PageErrors.rendering(renderer, request, context) {
                try await page(caller, request, context)
            }
        }
        for spreadsheet in [false, true] {
            router.get(RouterPath("/center/assessment.\(spreadsheet ? "xlsx" : "csv")")) { request, context in
                guard let caller = context.caller else {
                    return PageRenderer.redirect(to: "/login?next=/center/assessment")
                }
                return try await PageErrors.rendering(renderer, request, context) {
                    let assessment = try await Self.assessment(store, caller, request)
                    return TableDownload.response(
                        Self.table(assessment.0),
                        fileName: "assessment-\(assessment.0.area.id)-\(assessment.0.period.from)",
                        sheet: "考评", spreadsheet: spreadsheet)
                }
            }
        }
        router.get("/admin/assessment") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/assessment") { caller in
                try await admin(caller, request, context, values: [:])
            }
        }
        AdminGate.post(router, "/admin/assessment", page: "/admin/assessment", renderer: renderer) {
            form, caller, request, context in
            let strings = PageStrings.table(LoginPages.language(request))
            guard let post = AssessmentPost(rawValue: form["post"] ?? "") else {
                return try await admin(
                    caller, request, context,
                    values: ["error": PageErrors.describe(field: "post", "unknown post", strings: strings)],
                    status: .badRequest)
            }
            var weights: [Indicator: Double] = [:]
            for indicator in Indicator.allCases {
                let text = (form[indicator.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let weight = Double(text), weight.isFinite else {
                    return try await admin(
                        caller, request, context,
                        values: ["error": "\(post.name) · \(indicator.name): “\(text)” 不是数字"], status: .badRequest)
                }
                if weight != 0 { weights[indicator] = weight }
            }
            do {
                try await store.saveAssessmentScheme(try AssessmentScheme(post: post, weights: weights), by: caller)
            } catch let error as AssessmentError {
                return try await admin(caller, request, context, values: ["error": "\(error)"], status: .badRequest)
            }
            return PageRenderer.redirect(to: "/admin/assessment?saved=\(post.rawValue)")
        }
    }

    /// The caller's assessment as the request asks for it, with the query it was read from.
    static func assessment(_ store: GridStore, _ caller: Caller, _ request: Request) async throws -> (
        AreaAssessment, AssessmentQuery
    ) {
        let query = try AssessmentQuery(request, today: WorkingCalendar.local(store.now.now).0)
        return (try await store.scoped(to: caller).assessment(of: query.region, period: query.period), query)
    }

    /// A rate as the pages and exports show it (`84.0%`, `—` when there was nothing to measure).
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    /// A score as the pages and exports show it (`82.7`, `—` when there is none).
    static func score(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }

    /// The figures as a table: the area's indicators, then the ranked children and departments.
    static func table(_ assessment: AreaAssessment) -> [[String]] {
        var rows: [[String]] = [
            ["区域", assessment.area.name, assessment.area.id],
            ["期间", assessment.period.from.description, assessment.period.to.description],
            ["综合得分", score(assessment.area.score), assessment.area.grade?.rawValue ?? "—"],
            [],
            ["指标", "数值", "分子", "分母", "口径"],
        ]
        for row in assessment.indicatorRows() {
            rows.append([
                row.indicator.name, percent(row.ratio?.value), row.ratio.map { String($0.numerator) } ?? "",
                row.ratio.map { String($0.denominator) } ?? "", row.indicator.definition,
            ])
        }
        for (title, units) in [("下级排名", assessment.children), ("部门排名", assessment.departments)] where !units.isEmpty {
            rows += [[], [title, "代码", "得分", "等级", "上期得分", "变化"]]
            for unit in units {
                rows.append([
                    unit.ranking?.rank.map { "\($0). \(unit.name)" } ?? unit.name, unit.id, score(unit.score),
                    unit.grade?.rawValue ?? "—", score(unit.ranking?.previousScore),
                    unit.ranking?.change.map { String(format: "%+.1f", $0) } ?? "—",
                ])
            }
        }
        rows += [[], ["日期", "上报", "结案"]]
        rows += assessment.daily.map { [$0.day.description, String($0.reported), String($0.closed)] }
        return rows
    }

    private func page(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let (assessment, query) = try await Self.assessment(store, caller, request)
        let catalogue = try await store.catalogue()
        func unitRow(_ unit: UnitAssessment, link: Bool) -> [String: Any] {
            [
                "rank": unit.ranking?.rank.map(String.init) ?? "—", "name": unit.name, "id": unit.id,
                "href": link
                    ? "/center/assessment?region=\(unit.id)&from=\(query.period.from)&to=\(query.period.to)" : "",
                "has_href": link, "score": Self.score(unit.score), "grade": unit.grade?.rawValue ?? "—",
                "previous": Self.score(unit.ranking?.previousScore),
                "change": unit.ranking?.change.map { String(format: "%+.1f", $0) } ?? "—",
                "down": (unit.ranking?.change ?? 0) < 0,
            ]
        }
        let area = assessment.area
        var values: [String: Any] = [
            "name": area.name, "code": area.id, "has_code": !area.id.isEmpty,
            "from": assessment.period.from.description,
            "to": assessment.period.to.description, "score": Self.score(area.score),
            "grade": area.grade?.rawValue ?? "—",
            "previous": Self.score(assessment.previousScore),
            "change": (area.score != nil && assessment.previousScore != nil)
                ? String(format: "%+.1f", (area.score ?? 0) - (assessment.previousScore ?? 0)) : "—",
            "post_name": area.post.name, "query": query.queryString,
            "kinds": AssessmentQuery.kinds.map { kind in
                [
                    "kind": kind, "label": strings["assessment_period_\(kind)"] ?? kind, "current": kind == query.kind,
                    "href": "/center/assessment?" + (query.region.map { "region=\($0.digits)&" } ?? "")
                        + "period=\(kind)",
                ]
            },
            "indicators": assessment.indicatorRows().map { row in
                [
                    "name": row.indicator.name, "definition": row.indicator.definition,
                    "value": Self.percent(row.ratio?.value),
                    "parts": row.ratio.map { "\($0.numerator) / \($0.denominator)" } ?? "",
                    "lower_better": !row.indicator.higherIsBetter, "id": row.indicator.rawValue,
                ]
            },
            "posts": assessment.posts.map { post in
                [
                    "name": post.post.name, "score": Self.score(post.score),
                    "grade": post.score.map { AssessmentGrade(score: $0).rawValue } ?? "—",
                ]
            },
            "children": assessment.children.map { unitRow($0, link: true) },
            "has_children": !assessment.children.isEmpty,
            "departments": assessment.departments.map { unitRow($0, link: false) },
            "has_departments": !assessment.departments.isEmpty,
        ]
        values["trend"] = SVGCharts.trend(
            [
                .init(
                    name: strings["assessment_reported"] ?? "", cssClass: "reported",
                    values: assessment.daily.map(\.reported)),
                .init(
                    name: strings["assessment_closed"] ?? "", cssClass: "closed", values: assessment.daily.map(\.closed)
                ),
            ], labels: assessment.daily.map { $0.day.description }, title: strings["assessment_trend"] ?? "")
        let categories = assessment.categories.prefix(10)
        values["has_categories"] = !categories.isEmpty
        values["bars"] = SVGCharts.bars(
            categories.map { entry in
                (catalogue.categories.first { $0.code == entry.category }?.name ?? entry.category, entry.count)
            },
            title: strings["assessment_categories"] ?? "")
        if let code = try? RegionCode(area.id) {
            let node = try await store.scoped(to: caller).region(code, childBoundaries: true)
            let grades = Dictionary(
                uniqueKeysWithValues: assessment.children.map { ($0.id, $0.grade?.rawValue ?? "none") })
            values["map"] =
                SVGMap.render(
                    node.children,
                    link: {
                        "/center/assessment?region=\($0.code.digits)&from=\(query.period.from)&to=\(query.period.to)"
                    },
                    cssClass: { "grade-\(grades[$0.code.digits] ?? "none")" },
                    title: { region in "\(region.name) · \(grades[region.code.digits] ?? "—")" },
                    label: strings["assessment_map"] ?? "") ?? ""
        }
        var sections: [String] = []
        for section in ServerFeatures.siteMap.assessmentSections {
            let request = AssessmentSection.Request(
                scoped: store.scoped(to: caller), area: query.region, period: assessment.period, renderer: renderer,
                language: LoginPages.language(request))
            if let html = try await section.render(request) { sections.append(html) }
        }
        values["sections"] = sections
        return renderer.page(
            .centreAssessment, title: "\(area.name) · \(strings["assessment_title"] ?? "")", request: request,
            context: context, values: values, scripts: ["print.js"])
    }

    private func admin(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let schemes = try await store.assessmentSchemes()
        var values = values
        values["saved"] =
            (try? request.queryParameters.get("saved")).flatMap { AssessmentPost(rawValue: $0)?.name } ?? ""
        values["csrf"] = context.session?.csrfToken ?? ""
        values["posts"] = AssessmentPost.allCases.map { post in
            [
                "post": post.rawValue, "name": post.name,
                "indicators": Indicator.allCases.map { indicator in
                    [
                        "id": indicator.rawValue, "name": indicator.name,
                        "weight": schemes[post]?.weights[indicator].map { AssessmentError.format($0) } ?? "",
                    ]
                },
            ]
        }
        return renderer.page(
            .adminAssessment, title: strings["assessment_weights_title"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: status)
    }
}

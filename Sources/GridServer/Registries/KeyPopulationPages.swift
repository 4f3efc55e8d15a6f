import Foundation
import GridCore
import GridStore
import Hummingbird

/// 重点人群 on the grid worker's phone: `/m/key-people` lists the grid's key people the caller may
/// see, most closely watched first, with how often each is to be visited; `/m/key-people/new`
/// puts a person of the grid in a group with the group's own fields.
struct KeyPopulationPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/key-people") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/key-people") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await list(caller, request, context)
            }
        }
        router.get("/m/key-people/new") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/key-people") }
            return try await PageErrors.rendering(renderer, request, context) {
                let parameters = try request.queryParameters
                return try await form(
                    caller, request, context, person: parameters.get("person") ?? "",
                    county: parameters.get("county") ?? "", group: parameters.get("group") ?? "", values: [:])
            }
        }
        router.post("/m/key-people") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/key-people") }
            let fields = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await save(caller, fields, request, context)
            }
        }
    }

    private func list(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let parameters = try request.queryParameters
        let grid: RegionCode
        if let text = parameters.get("grid"), !text.isEmpty {
            grid = try RegionRoutes.code(text, field: "grid")
        } else if let top = caller.scope.topRegion, top.level >= .grid {
            grid = top
        } else if let top = caller.scope.topRegion, top.level == .village,
            let first = try await store.scoped(to: caller).region(top).children.first
        {
            grid = first.code
        } else {
            throw APIError.invalid("grid", "choose a grid")
        }
        let scoped = store.scoped(to: caller)
        let chosen = parameters.get("group") ?? ""
        let all = try await scoped.keyPeople(inGrid: grid)
        let shown = chosen.isEmpty ? all : all.filter { $0.group.code == chosen }
        let counts = Dictionary(grouping: all, by: \.group.code).mapValues(\.count)
        let groups = try await scoped.populationGroups().filter { $0.isVisible(to: caller) }
        let values: [String: Any] = [
            "grid": grid.digits, "grid_name": try await scoped.region(grid).region?.name ?? grid.digits,
            "count": shown.count, "saved": parameters.get("saved") != nil,
            "groups": groups.map {
                [
                    "code": $0.code, "name": $0.name, "count": counts[$0.code] ?? 0, "selected": $0.code == chosen,
                    "special": $0.kind == .special,
                ] as [String: Any]
            },
            "people": shown.map { member in
                [
                    "name": member.person.name, "identity": member.person.maskedIdentity ?? "",
                    "phone": member.person.maskedPhone ?? "", "address": member.person.address ?? "",
                    "group": member.group.name, "special": member.group.kind == .special,
                    "attention": member.attention.chineseName, "serious": member.attention == .serious,
                    "every": member.visitEveryDays.map { String($0) } ?? "",
                    "details": member.group.fields.compactMap { field in
                        member.details[field.key].map { "\(field.label)：\($0)" }
                    }.joined(separator: "；"),
                ].withoutEmptyTexts
            },
        ]
        return renderer.page(
            .workerKeyPeople, title: strings["key_people_title"] ?? "", request: request, context: context,
            values: values)
    }

    /// The form that puts a person in a group: the group chosen first, then its own fields.
    private func form(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, person: String, county: String,
        group: String, values extra: [String: Any], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let groups = try await scoped.populationGroups().filter { $0.isVisible(to: caller) }
        let chosen = groups.first { $0.code == group }
        guard let named = try await scoped.person(id: person, county: county) else {
            throw StoreError.notFound("person \(person)")
        }
        var values: [String: Any] = [
            "person": person, "county": county, "name": named.name, "identity": named.maskedIdentity ?? "",
            "csrf": context.session?.csrfToken ?? "",
            "groups": groups.map { ["code": $0.code, "name": $0.name, "selected": $0.code == group] as [String: Any] },
            "attention": AttentionLevel.allCases.map { ["code": $0.rawValue, "name": $0.chineseName] },
        ]
        if let chosen {
            values["group"] =
                [
                    "code": chosen.code, "name": chosen.name,
                    "fields": chosen.fields.map { field in
                        [
                            "key": field.key, "label": field.label, "choice": field.type == .choice,
                            "input_type": field.type == .date ? "date" : field.type == .number ? "number" : "text",
                            "options": field.options, "value": (extra["typed"] as? [String: String])?[field.key] ?? "",
                        ] as [String: Any]
                    },
                ] as [String: Any]
        }
        values.merge(extra) { $1 }
        return renderer.page(
            .workerKeyPersonForm, title: strings["key_person_new"] ?? "", request: request, context: context,
            values: values, status: status)
    }

    private func save(_ caller: Caller, _ fields: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let person = fields["person"] ?? ""
        let county = fields["county"] ?? ""
        let group = fields["group"] ?? ""
        var typed: [String: String] = [:]
        for (name, value) in fields.values where name.hasPrefix("f_") { typed[String(name.dropFirst(2))] = value }
        do {
            guard let attention = fields["attention"].flatMap(AttentionLevel.init(rawValue:)) else {
                throw StoreError.invalid(field: "attention", reason: "choose 一般, 中等 or 严重")
            }
            try await store.scoped(to: caller).markKeyPerson(
                id: person, county: county, group: group, attention: attention, details: typed)
        } catch StoreError.invalid(let field, let reason) {
            return try await form(
                caller, request, context, person: person, county: county, group: group,
                values: [
                    "error": PageErrors.describe(field: field, reason.text(strings), strings: strings), "typed": typed,
                ], status: .badRequest)
        }
        return PageRenderer.redirect(to: "/m/key-people?saved=1")
    }
}

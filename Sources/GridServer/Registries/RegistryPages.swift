import GridCore
import GridStore
import Hummingbird

/// The base-data pages so far: `/admin/registries` (基础数据导入) imports standard addresses and
/// people from the files offices send, answered with what was done or every bad line; `/m/people`
/// is a grid worker's list of the people of their grid, searched by name, phone or identity
/// number (through the blind index), each shown masked.
struct RegistryPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/registries") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/registries") { caller in
                adminPage(request, context, values: [:])
            }
        }
        AdminGate.post(router, "/admin/registries/addresses", page: "/admin/registries", renderer: renderer) {
            form, caller, request, context in
            try await importFile(form, caller, request, context, kind: "addresses")
        }
        AdminGate.post(router, "/admin/registries/people", page: "/admin/registries", renderer: renderer) {
            form, caller, request, context in
            try await importFile(form, caller, request, context, kind: "people")
        }
        router.get("/m/people") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/people") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await people(caller, request, context)
            }
        }
    }

    private func importFile(
        _ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext, kind: String
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        guard let file = form.files[kind]?.first else {
            return adminPage(
                request, context,
                values: [
                    "\(kind)_error": PageErrors.describe(field: kind, strings["required"] ?? "", strings: strings)
                ],
                status: .badRequest)
        }
        do {
            if kind == "addresses" {
                let summary = try await store.importAddresses(utf8: file.bytes, source: file.filename, by: caller)
                return adminPage(
                    request, context,
                    values: [
                        "addresses_summary": [
                            "file": file.filename, "rows": summary.rows, "inserted": summary.inserted,
                        ]
                    ])
            }
            let (summary, problems) = try await store.importPeople(
                utf8OrGBK: file.bytes, source: file.filename, validRowsOnly: form["valid_rows_only"] == "on", by: caller
            )
            var values: [String: Any] = [
                "people_summary": [
                    "file": file.filename, "rows": summary.rows, "inserted": summary.inserted, "merged": summary.merged,
                    "skipped": summary.skipped, "encoding": summary.encoding,
                ]
            ]
            if !problems.isEmpty {
                values["people_problems"] = ImportReport.values(problems, file: file.filename, strings: strings)
            }
            return adminPage(request, context, values: values)
        } catch let problems as ImportProblems {
            return adminPage(
                request, context,
                values: ["\(kind)_problems": ImportReport.values(problems, file: file.filename, strings: strings)],
                status: .badRequest)
        } catch let error as InvalidValue {
            return adminPage(
                request, context,
                values: [
                    "\(kind)_error": PageErrors.describe(field: kind, error.reason.text(strings), strings: strings)
                ],
                status: .badRequest)
        } catch StoreError.configuration {
            return adminPage(
                request, context, values: ["\(kind)_error": strings["no_protection_key"] ?? ""], status: .badRequest)
        }
    }

    private func adminPage(
        _ request: Request, _ context: GridRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok
    ) -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        var values = values
        values["csrf"] = context.session?.csrfToken ?? ""
        return renderer.page(
            .adminRegistries, title: strings["registries_title"] ?? "", request: request, context: context,
            values: values, status: status, scripts: ["admin-upload.js"])
    }

    /// The people of the caller's grid (or of a grid under their scope, `?grid=`), or those a
    /// search finds: an identity number or a phone through its blind index, else a part of a name.
    private func people(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let query = (parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        var grids: [Region] = []
        var grid: RegionCode?
        if let text = parameters.get("grid"), !text.isEmpty {
            grid = try RegionRoutes.code(text, field: "grid")
        } else if let top = caller.scope.topRegion, top.level >= .grid {
            grid = top
        } else if let top = caller.scope.topRegion, top.level == .village {
            grids = try await scoped.region(top).children
            grid = grids.first?.code
        }
        // An identity number or a phone is looked up by its blind index; otherwise the grid's list,
        // narrowed by name.
        let found: [PersonView]
        if (try? IdentityNumber(query)) != nil {
            found = try await scoped.person(identityNumber: query).map { [$0] } ?? []
        } else if query.filter(\.isNumber).count >= 7 {
            found = try await scoped.people(phone: query)
        } else if let grid {
            let people = try await scoped.people(inGrid: grid)
            found = query.isEmpty ? people : people.filter { $0.name.contains(query) }
        } else {
            found = []
        }
        var gridName: String?
        if let grid { gridName = try await scoped.region(grid).region?.name }
        let values: [String: Any] = [
            "q": query, "grid": grid?.digits ?? "", "grid_name": gridName ?? "", "count": found.count,
            "grids": grids.map { ["code": $0.code.digits, "name": $0.name, "selected": $0.code == grid] },
            "has_grids": grids.count > 1,
            "people": found.map { person in
                [
                    "name": person.name, "identity": person.maskedIdentity ?? "", "phone": person.maskedPhone ?? "",
                    "type": person.populationType.chineseName, "address": person.address ?? "",
                    "ethnicity": person.ethnicity.flatMap { Ethnicity.names[$0] } ?? "",
                    "tags": person.tags.joined(separator: "、"),
                ] as [String: Any]
            },
        ]
        return renderer.page(
            .workerPeople, title: strings["people_title"] ?? "", request: request, context: context, values: values)
    }
}

import Foundation
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
    /// Searches by number, limited and journaled; `nil` where a page searches none.
    var lookups: PersonLookups? = nil

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/registries") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/registries") { caller in
                adminPage(request, context)
            }
        }
        for kind in ImportKind.allCases {
            AdminGate.post(router, "/admin/registries/\(kind.rawValue)", page: "/admin/registries", renderer: renderer)
            {
                form, caller, request, context in
                try await importFile(form, caller, request, context, kind: kind)
            }
        }
        let pages: [(String, @Sendable (Caller, Request, GridRequestContext) async throws -> Response)] = [
            ("/m/people", { caller, request, context in try await people(caller, request, context) }),
            ("/m/houses", houses), ("/m/units", organisations),
        ]
        router.get("/m/people/new") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/people") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await personForm(caller, request, context, typed: [:])
            }
        }
        router.post("/m/people") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/people") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await savePerson(caller, form, request, context)
            }
        }
        let exports: [(String, @Sendable (Caller, Request, Bool) async throws -> Response)] = [
            ("people", exportPeople), ("houses", exportHouses), ("units", exportOrganisations),
        ]
        for (registry, export) in exports {
            for spreadsheet in [false, true] {
                let path = "/m/\(registry)/export.\(spreadsheet ? "xlsx" : "csv")"
                router.get(RouterPath(path)) { request, context in
                    guard let caller = context.caller else {
                        return PageRenderer.redirect(to: "/login?next=/m/\(registry)")
                    }
                    return try await PageErrors.rendering(renderer, request, context) {
                        try await export(caller, request, spreadsheet)
                    }
                }
            }
        }
        for (path, page) in pages {
            router.get(RouterPath(path)) { request, context in
                guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=\(path)") }
                return try await PageErrors.rendering(renderer, request, context) {
                    try await page(caller, request, context)
                }
            }
        }
    }

    /// The files `/admin/registries` takes, each on a card of its own.
    enum ImportKind: String, CaseIterable {
        case people, houses, units, addresses

        /// Whether a file may be imported without its bad rows.
        var offersValidRowsOnly: Bool { self != .addresses }
    }

    private func importFile(
        _ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext, kind: ImportKind
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let key = kind.rawValue
        guard let file = form.files[key]?.first else {
            return adminPage(
                request, context,
                outcome: (
                    kind, ["error": PageErrors.describe(field: key, strings["required"] ?? "", strings: strings)]
                ),
                status: .badRequest)
        }
        let validRowsOnly = form["valid_rows_only"] == "on"
        do {
            let summary: RegistryImportSummary
            let problems: ImportProblems
            switch kind {
            case .addresses:
                let done = try await store.importAddresses(file.bytes, source: file.filename, by: caller)
                summary = RegistryImportSummary(
                    rows: done.rows, inserted: done.inserted, merged: 0, skipped: 0, encoding: "")
                problems = ImportProblems()
            case .people:
                (summary, problems) = try await store.importPeople(
                    utf8OrGBK: file.bytes, source: file.filename, validRowsOnly: validRowsOnly, by: caller)
            case .houses:
                (summary, problems) = try await store.importHouses(
                    file.bytes, source: file.filename, validRowsOnly: validRowsOnly, by: caller)
            case .units:
                (summary, problems) = try await store.importOrganisations(
                    file.bytes, source: file.filename, validRowsOnly: validRowsOnly, by: caller)
            }
            var facts: [[String: Any]] = [
                ["label": strings["import_rows"] ?? "", "value": summary.rows, "id": "\(key)-rows"],
                ["label": strings["import_inserted"] ?? "", "value": summary.inserted, "id": "\(key)-inserted"],
            ]
            if kind.offersValidRowsOnly {
                facts.append(["label": strings["people_merged"] ?? "", "value": summary.merged, "id": "\(key)-merged"])
                facts.append(
                    ["label": strings["people_skipped"] ?? "", "value": summary.skipped, "id": "\(key)-skipped"])
            }
            var values: [String: Any] = [
                "summary": ["file": file.filename, "encoding": summary.encoding, "facts": facts] as [String: Any]
            ]
            if !problems.isEmpty {
                values["problems"] = report(problems, file: file.filename, heading: "import_problems", strings)
            }
            return adminPage(request, context, outcome: (kind, values))
        } catch let problems as ImportProblems {
            return adminPage(
                request, context,
                outcome: (
                    kind, ["problems": report(problems, file: file.filename, heading: "import_refused", strings)]
                ),
                status: .badRequest)
        } catch let error as InvalidValue {
            return adminPage(
                request, context,
                outcome: (
                    kind, ["error": PageErrors.describe(field: key, error.reason.text(strings), strings: strings)]
                ),
                status: .badRequest)
        } catch StoreError.configuration {
            return adminPage(
                request, context, outcome: (kind, ["error": strings["no_protection_key"] ?? ""]), status: .badRequest)
        }
    }

    private func report(_ problems: ImportProblems, file: String, heading: String, _ strings: [String: String])
        -> [String: Any]
    {
        var values = ImportReport.values(problems, file: file, strings: strings)
        values["heading"] = strings[heading] ?? ""
        return values
    }

    /// The import cards, `outcome` shown on the card of the file just imported.
    private func adminPage(
        _ request: Request, _ context: GridRequestContext, outcome: (ImportKind, [String: Any])? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let imports = ImportKind.allCases.map { kind -> [String: Any] in
            var card: [String: Any] = [
                "kind": kind.rawValue, "title": strings["\(kind.rawValue)_import_title"] ?? "",
                "intro": strings["\(kind.rawValue)_import_intro"] ?? "",
                "label": strings["field_\(kind.rawValue)"] ?? "",
                "valid_rows": kind.offersValidRowsOnly,
            ]
            if let (shown, values) = outcome, shown == kind { card.merge(values) { $1 } }
            return card
        }
        return renderer.page(
            .adminRegistries, title: strings["registries_title"] ?? "", request: request, context: context,
            values: ["csrf": context.session?.csrfToken ?? "", "imports": imports], status: status,
            scripts: ["admin-upload.js"])
    }

    /// The people of the caller's grid (or of a grid under their scope, `?grid=`), or those a
    /// search finds: an identity number or a phone through its blind index (posted, from
    /// ``PersonPages``), else a part of a name.
    func people(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, query typed: String? = nil,
        grid gridText: String? = nil
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let query = (typed ?? parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let (grid, grids) = try await gridChoice(caller, grid: gridText ?? parameters.get("grid"))
        // An identity number or a phone is looked up by its blind index, and only when posted (a
        // number in an address would stay in histories and logs); otherwise the grid's list,
        // narrowed by name.
        let found: [PersonView]
        if typed != nil, let lookups, (try? IdentityNumber(query)) != nil || query.filter(\.isNumber).count >= 7 {
            found = try await lookups.find(query, by: caller)
        } else if let address = parameters.get("address"), let grid {
            found = try await scoped.people(atAddress: address, county: grid.countyCode)
        } else if let grid {
            // A name is searched among the whole grid; the unsearched list shows its first page.
            let people = try await scoped.people(inGrid: grid, limit: query.isEmpty ? 200 : 5000)
            found = query.isEmpty ? people : people.filter { $0.name.contains(query) }
        } else {
            found = []
        }
        var values = try await gridValues(scoped, grid, grids)
        values["q"] = query
        values["count"] = found.count
        values["address"] = parameters.get("address") ?? ""
        values["saved"] = parameters.get("saved") != nil
        values["csrf"] = context.session?.csrfToken ?? ""
        // 一人一码: each person's risk status from screening, where one was given.
        var risks: [String: PersonRiskStatus] = [:]
        if let grid { risks = try await scoped.riskStatuses(inGrid: grid) }
        values["people"] = found.map { person in
            var row = PersonPages.summary(person, strings)
            if let risk = risks[person.id] {
                (row["risk"], row["risk_name"]) = (risk.status.rawValue, risk.status.chineseName)
            }
            return row.withoutEmptyTexts
        }
        return renderer.page(
            .workerPeople, title: strings["people_title"] ?? "", request: request, context: context, values: values)
    }

    /// The form a worker registers or corrects a resident of their grid with.
    /// `editing`: the person corrected (their identity number stays as registered unless they had none).
    func personForm(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: [String: String],
        editing: PersonView? = nil, error: String? = nil
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let (grid, grids) = try await gridChoice(
            caller, grid: typed["grid_code"] ?? (try request.queryParameters.get("grid")))
        guard let grid else { throw APIError.invalid("grid", "choose a grid") }
        var values = try await gridValues(scoped, grid, grids)
        values.merge(typed.filter { $0.key != "grid_code" }) { $1 }
        values["csrf"] = context.session?.csrfToken ?? ""
        values["types"] = PopulationType.allCases.map {
            ["code": $0.rawValue, "name": $0.chineseName, "selected": typed["household_type"] == $0.rawValue]
        }
        values["sections"] = PersonProfile.sections.map { section -> [String: Any] in
            [
                "label": section.label, "type": section.populationType?.rawValue ?? "",
                "open": section.populationType == nil
                    ? section.fields.contains { typed[$0.key]?.isEmpty == false }
                    : typed["household_type"] == section.populationType?.rawValue,
                "fields": section.fields.map { field -> [String: Any] in
                    let value = typed[field.key] ?? ""
                    return [
                        "key": field.key, "label": field.label, "value": value, "is_date": field.type == .date,
                        "is_choice": field.type == .choice,
                        "options": field.options.map { ["name": $0, "selected": $0 == value] },
                    ]
                },
            ].withoutEmptyTexts
        }
        if let editing {
            values["person_id"] = editing.id
            values["masked_identity"] = editing.maskedIdentity ?? ""
            values["masked_phone"] = editing.maskedPhone ?? ""
            values["href"] = "/m/people/\(editing.grid.countyCode)/\(editing.id)"
        }
        if let error { values["error"] = error }
        return renderer.page(
            .workerPersonForm, title: strings[editing == nil ? "person_new" : "person_edit"] ?? "", request: request,
            context: context, values: values.withoutEmptyTexts, status: error == nil ? .ok : .badRequest)
    }

    private func savePerson(_ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        var typed: [String: String] = [:]
        for column in PeopleFile.columns.names { typed[column] = form[column] ?? "" }
        // The form shows every type's fields: only the chosen type's are the person's.
        if let type = PopulationType(text: typed["household_type"] ?? "") {
            for section in PersonProfile.sections where section.populationType.map({ $0 != type }) ?? false {
                for field in section.fields { typed[field.key] = "" }
            }
        }
        let scoped = store.scoped(to: caller)
        var editing: PersonView?
        if let id = form["person_id"], !id.isEmpty, let grid = try? RegionCode(typed["grid_code"] ?? "") {
            guard let person = try await scoped.person(id: id, county: grid.countyCode) else {
                throw StoreError.notFound("person \(id)")
            }
            editing = person
        }
        do {
            try await scoped.savePerson(typed, id: editing?.id)
        } catch StoreError.invalid(let field, let reason) {
            return try await personForm(
                caller, request, context, typed: typed, editing: editing,
                error: PageErrors.describe(field: field, reason.text(strings), strings: strings))
        }
        if let editing { return PageRenderer.redirect(to: "/m/people/\(editing.grid.countyCode)/\(editing.id)") }
        return PageRenderer.redirect(to: "/m/people?grid=\(typed["grid_code"] ?? "")&saved=1")
    }

    /// A grid's people as a file, every identity number and phone masked: a clear copy would need
    /// a reason and a journal entry per person (see ``ScopedStore/reveal(person:county:reason:)``).
    /// The year of birth only: with the full date a masked number would show 16 of its 18 characters.
    private func exportPeople(_ caller: Caller, _ request: Request, spreadsheet: Bool) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let grid = try await exportedGrid(caller, request)
        let people = try await store.scoped(to: caller).people(inGrid: grid, limit: 5000)
        let columns = [
            "id_number", "sex", "birth_year", "ethnicity", "household_type", "phone", "address", "tags", "grid_code",
        ]
        let header =
            [strings["person_name"] ?? "name"] + columns.map { strings["field_" + $0] ?? $0 }
            + PersonProfile.fields.map(\.label)
        let rows = people.map { person in
            [
                person.name, person.maskedIdentity ?? "", person.sex.map { strings["sex_" + $0] ?? $0 } ?? "",
                person.birthDate.map { String($0.prefix(4)) } ?? "",
                person.ethnicity.flatMap { Ethnicity.names[$0] } ?? "",
                person.populationType.chineseName, person.maskedPhone ?? "", person.address ?? "",
                person.tags.joined(separator: "、"), person.grid.digits,
            ] + PersonProfile.fields.map { person.profile[$0.key] ?? "" }
        }
        return TableDownload.response(
            [header] + rows, fileName: "people-\(grid.digits)", sheet: strings["people_title"] ?? "people",
            spreadsheet: spreadsheet)
    }

    /// A grid's houses as a file, owners masked.
    private func exportHouses(_ caller: Caller, _ request: Request, spreadsheet: Bool) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let grid = try await exportedGrid(caller, request)
        let houses = try await store.scoped(to: caller).houses(inGrid: grid)
        let columns = [
            "address", "use", "owner_id_number", "area", "tenants", "tenant_limit", "hazard_level", "grid_code",
        ]
        let header = columns.map { strings["field_" + $0] ?? $0 } + [strings["house_residents"] ?? "residents"]
        let rows = houses.map { house in
            [
                house.address, house.use.chineseName, house.maskedOwner ?? "",
                house.area.map { String(format: "%.1f", $0) } ?? "", house.tenants.map(String.init) ?? "",
                house.tenantLimit.map(String.init) ?? "", house.hazard?.chineseName ?? "", house.grid.digits,
                String(house.residents),
            ]
        }
        return TableDownload.response(
            [header] + rows, fileName: "houses-\(grid.digits)", sheet: strings["houses_title"] ?? "houses",
            spreadsheet: spreadsheet)
    }

    /// A grid's organisations as a file, phones masked.
    private func exportOrganisations(_ caller: Caller, _ request: Request, spreadsheet: Bool) async throws
        -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let grid = try await exportedGrid(caller, request)
        let units = try await store.scoped(to: caller).organisations(inGrid: grid)
        let columns = [
            "unit_name", "credit_code", "type", "address", "grid_code", "contact_phone", "legal_representative",
            "flags",
        ]
        let header = columns.map { strings["field_" + $0] ?? $0 }
        let rows = units.map { unit in
            [
                unit.name, unit.creditCode, unit.type ?? "", unit.address ?? "", unit.grid.digits,
                unit.maskedPhone ?? "", unit.legalRepresentative ?? "", unit.flags.joined(separator: "、"),
            ]
        }
        return TableDownload.response(
            [header] + rows, fileName: "units-\(grid.digits)", sheet: strings["units_title"] ?? "units",
            spreadsheet: spreadsheet)
    }

    /// The grid an export is of: `?grid=` or the caller's own, within scope.
    private func exportedGrid(_ caller: Caller, _ request: Request) async throws -> RegionCode {
        let (grid, _) = try await gridChoice(caller, grid: try request.queryParameters.get("grid"))
        guard let grid else { throw APIError.invalid("grid", "choose a grid") }
        return grid
    }

    /// A grid's houses by building (楼栋), each room with its use, owner (masked), tenants against
    /// their limit and hidden-danger level, and a link to the people registered there.
    private func houses(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let (grid, grids) = try await gridChoice(caller, grid: try request.queryParameters.get("grid"))
        var houses: [HouseView] = []
        var statuses: [String: RiskStatus] = [:]
        if let grid {
            houses = try await scoped.houses(inGrid: grid)
            statuses = try await scoped.riskRollUp(inGrid: grid).households
        }
        var buildings: [(name: String, houses: [HouseView])] = []
        for house in houses {
            let building =
                house.address.range(of: "幢", options: String.CompareOptions.backwards).map {
                    String(house.address[..<$0.upperBound])
                } ?? house.address
            if buildings.last?.name == building {
                buildings[buildings.count - 1].houses.append(house)
            } else {
                buildings.append((building, [house]))
            }
        }
        var values = try await gridValues(scoped, grid, grids)
        values["count"] = houses.count
        values["overcrowded"] = houses.filter { $0.isOvercrowded }.count
        // 一人一码: a household shows the worst status of its people, a building the worst of its households.
        // `false`, not nil, where there is none: a house must not show its building's status.
        func risk(_ status: RiskStatus?) -> Any {
            status.map { ["status": $0.rawValue, "name": $0.chineseName] } ?? false
        }
        values["buildings"] = buildings.map { building -> [String: Any] in
            [
                "name": building.name, "count": building.houses.count,
                "risk": risk(building.houses.compactMap { statuses[$0.addressCode] }.max()),
                "houses": building.houses.map { house in
                    var values = Self.houseValues(house)
                    values["risk"] = risk(statuses[house.addressCode])
                    return values
                },
            ]
        }
        return renderer.page(
            .workerHouses, title: strings["houses_title"] ?? "", request: request, context: context, values: values)
    }

    private static func houseValues(_ house: HouseView) -> [String: Any] {
        let buildingEnd = house.address.range(of: "幢", options: String.CompareOptions.backwards)?.upperBound
        let room = buildingEnd.map { String(house.address[$0...]) } ?? ""
        var tenants = ""
        if let count = house.tenants { tenants = house.tenantLimit.map { "\(count)/\($0)" } ?? "\(count)" }
        return [
            "room": room.isEmpty ? house.address : room, "code": house.addressCode, "use": house.use.chineseName,
            "owner": house.maskedOwner ?? "", "residents": house.residents, "tenants": tenants,
            "overcrowded": house.isOvercrowded, "hazard": house.hazard?.chineseName ?? "",
            "serious": house.hazard == .serious, "area": house.area.map { String(format: "%.0f㎡", $0) } ?? "",
        ].withoutEmptyTexts
    }

    /// A grid's organisations (实有单位), by name, phones masked.
    private func organisations(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws
        -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let parameters = try request.queryParameters
        let (grid, grids) = try await gridChoice(caller, grid: parameters.get("grid"))
        let query = (parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        var all: [OrganisationView] = []
        if let grid { all = try await scoped.organisations(inGrid: grid) }
        let found = query.isEmpty ? all : all.filter { $0.name.contains(query) || $0.creditCode.hasPrefix(query) }
        var values = try await gridValues(scoped, grid, grids)
        values["q"] = query
        values["count"] = found.count
        values["units"] = found.map { unit in
            [
                "name": unit.name, "code": unit.creditCode, "type": unit.type ?? "", "address": unit.address ?? "",
                "phone": unit.maskedPhone ?? "", "legal": unit.legalRepresentative ?? "",
                "flags": unit.flags.joined(separator: "、"),
            ].withoutEmptyTexts
        }
        return renderer.page(
            .workerUnits, title: strings["units_title"] ?? "", request: request, context: context, values: values)
    }

    /// The grid a registry page shows: `?grid=` within scope, else the caller's own grid, else the
    /// first grid of the caller's community (with the others to choose from).
    func gridChoice(_ caller: Caller, grid text: String?) async throws -> (RegionCode?, [Region]) {
        var grids: [Region] = []
        var grid: RegionCode?
        if let top = caller.scope.topRegion, top.level == .village {
            grids = try await store.scoped(to: caller).region(top).children
            grid = grids.first?.code
        }
        if let text, !text.isEmpty {
            grid = try RegionRoutes.code(text, field: "grid")
        } else if let top = caller.scope.topRegion, top.level >= .grid {
            grid = top
        }
        return (grid, grids)
    }

    /// What every registry page shows of its grid: its name and the grids to choose from.
    func gridValues(_ scoped: ScopedStore, _ grid: RegionCode?, _ grids: [Region]) async throws -> [String:
        Any]
    {
        var gridName: String?
        if let grid { gridName = try await scoped.region(grid).region?.name }
        return [
            "grid": grid?.digits ?? "", "grid_name": gridName ?? "",
            "grids": grids.map { ["code": $0.code.digits, "name": $0.name, "selected": $0.code == grid] },
            "has_grids": grids.count > 1,
        ]
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// 安全隐患排查 on the phone and in administration:
/// - `/m/inspections`: the grid's inspection plan — organisations and rentals by risk, due first;
/// - `/m/inspections/new?place=&code=&county=`: a checklist answered item by item at the place,
///   with a photo; each failed item raises a case, and the place's past inspections are listed
///   with their cases, deadlines and what a re-inspection found put right;
/// - `/admin/checklists`: the checklists, an item a line (`key,label,category`).
struct InspectionPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/inspections") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/inspections") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await plan(caller, request, context)
            }
        }
        router.get("/m/inspections/new") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/inspections") }
            return try await PageErrors.rendering(renderer, request, context) {
                let parameters = request.uri.queryParameters
                var typed: [String: String] = [:]
                for name in ["place", "code", "county", "checklist"] {
                    typed[name] = parameters[Substring(name)].map(String.init)
                }
                return try await form(caller, request, context, typed: typed)
            }
        }
        router.post("/m/inspections") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/inspections") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await save(caller, form, request, context)
            }
        }
        router.get("/admin/checklists") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/checklists") { caller in
                try await admin(caller, request, context, values: [:])
            }
        }
        AdminGate.post(router, "/admin/checklists", page: "/admin/checklists", renderer: renderer) {
            form, caller, request, context in
            let strings = PageStrings.table(LoginPages.language(request))
            do {
                let list = try Self.checklist(from: form)
                try await store.scoped(to: caller).saveChecklist(list)
                return PageRenderer.redirect(to: "/admin/checklists?saved=\(list.code)")
            } catch StoreError.invalid(let field, let reason) {
                return try await admin(
                    caller, request, context,
                    values: ["error": PageErrors.describe(field: field, reason.text(strings), strings: strings)],
                    status: .badRequest)
            }
        }
    }

    private func plan(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let pages = RegistryPages(store: store, renderer: renderer)
        let (grid, grids) = try await pages.gridChoice(
            caller, grid: request.uri.queryParameters["grid"].map(String.init))
        var values = try await pages.gridValues(scoped, grid, grids)
        let today = WorkingCalendar.local(store.now.now).0
        var plan: [InspectionDue] = []
        if let grid { plan = try await scoped.inspectionPlan(inGrid: grid) }
        values["places"] = plan.map { due in
            [
                "name": due.name, "place": due.place.rawValue, "code": due.code, "county": grid?.countyCode ?? "",
                "risk": due.risk.chineseName, "high": due.risk == .high, "due": due.dueDay.description,
                "overdue": due.dueDay <= today, "last": due.lastInspectedAt.map(CaseFormatter.beijingTime) ?? "",
                // A count of 0 would still open `{{#open}}`: the badge shows only open hazards.
                "open": due.openHazards > 0 ? String(due.openHazards) : "",
            ].withoutEmptyTexts
        }
        values["none"] = plan.isEmpty
        values["saved"] = request.uri.queryParameters["saved"] != nil
        return renderer.page(
            .workerInspections, title: strings["inspections_title"] ?? "", request: request, context: context,
            values: values, scripts: ["offline-queue.js"])
    }

    private func form(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: [String: String],
        error: String? = nil
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        guard let kind = InspectionChecklist.Place(rawValue: typed["place"] ?? "") else {
            throw APIError.invalid("place", "is unit or house")
        }
        let code = typed["code"] ?? ""
        let county = typed["county"] ?? ""
        let place = try await scoped.placeToInspect(kind, code: code, county: county)
        let lists = try await scoped.inspectionChecklists().filter { $0.places.contains(kind) }
        guard let chosen = lists.first(where: { $0.code == typed["checklist"] }) ?? lists.first else {
            throw StoreError.notFound("a checklist for this place")
        }
        let history = try await scoped.inspections(at: code, county: county)
        let format = try await CaseFormatter.make(for: [], scoped: scoped, language: LoginPages.language(request))
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "place": kind.rawValue, "code": code, "county": county,
            "place_name": place.name, "checklist": chosen.code, "checklist_name": chosen.name,
            "rectify_days": chosen.rectifyDays, "note": typed["note"] ?? "",
            "lists": lists.map { ["code": $0.code, "name": $0.name, "selected": $0.code == chosen.code] },
            "has_lists": lists.count > 1,
            "items": chosen.items.map { item -> [String: Any] in
                let answer = typed["i_\(item.key)"] ?? ""
                return [
                    "key": item.key, "label": item.label, "category": format.categoryName(item.category),
                    "pass": answer == "pass", "fail": answer == "fail", "na": answer.isEmpty || answer == "na",
                    "note": typed["n_\(item.key)"] ?? "",
                ]
            },
            "history": history.map { inspection -> [String: Any] in
                let list = lists.first { $0.code == inspection.checklist }
                return [
                    "at": CaseFormatter.beijingTime(inspection.inspectedAt), "inspector": inspection.inspector,
                    "checklist": list?.name ?? inspection.checklist, "note": inspection.note,
                    "hazards": inspection.hazards.map { hazard in
                        [
                            "label": list?.items.first { $0.key == hazard.item }?.label ?? hazard.item,
                            "case": hazard.caseNumber, "deadline": CaseFormatter.beijingTime(hazard.deadline),
                            "rectified": hazard.rectifiedAt.map(CaseFormatter.beijingTime) ?? "",
                        ].withoutEmptyTexts
                    },
                ].withoutEmptyTexts
            },
            "has_history": !history.isEmpty,
        ]
        if let error { values["error"] = error }
        return renderer.page(
            .workerInspectionForm, title: strings["inspection_new"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: error == nil ? .ok : .badRequest,
            scripts: ["visits.js", "photo-preview.js", "offline-queue.js"])
    }

    private func save(_ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        do {
            var answers: [String: Bool] = [:]
            var notes: [String: String] = [:]
            for (name, value) in form.values {
                if name.hasPrefix("i_"), value == "pass" || value == "fail" {
                    answers[String(name.dropFirst(2))] = value == "pass"
                } else if name.hasPrefix("n_"), !value.isEmpty {
                    notes[String(name.dropFirst(2))] = value
                }
            }
            guard let place = InspectionChecklist.Place(rawValue: form["place"] ?? "") else {
                throw StoreError.invalid(field: "place", reason: "is unit or house")
            }
            let inspection = try await store.scoped(to: caller).recordInspection(
                NewInspection(
                    checklist: form["checklist"] ?? "", place: place, placeCode: form["code"] ?? "",
                    county: form["county"] ?? "", answers: answers, notes: notes, note: form["note"] ?? "",
                    location: (form["lat"] ?? "").isEmpty
                        ? nil : try ReportForm.position(form["lat"], form["lng"], strings: strings),
                    photos: try form.photos("photo")))
            return PageRenderer.redirect(
                to: "/m/inspections?saved=1&grid=\(inspection.grid.digits)&cases=\(inspection.hazards.count)")
        } catch {
            guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
            return try await self.form(
                caller, request, context, typed: form.values, error: PageErrors.describe(apiError, strings: strings))
        }
    }

    /// A checklist as the administration form describes it: items one a line, `key,label,category`.
    static func checklist(from form: FormFields) throws -> InspectionChecklist {
        var items: [InspectionChecklist.Item] = []
        for (index, line) in (form["items"] ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                throw StoreError.invalid(field: "items", reason: "line \(index + 1): write key,label,category")
            }
            items.append(.init(key: parts[0], label: parts[1], category: parts[2]))
        }
        guard let days = Int(form["rectify_days"] ?? "") else {
            throw StoreError.invalid(field: "rectify_days", reason: "must be 1 to 90 days")
        }
        return InspectionChecklist(
            code: (form["code"] ?? "").trimmingCharacters(in: .whitespaces),
            name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces),
            places: InspectionChecklist.Place.allCases.filter { form["place_\($0.rawValue)"] == "on" }, items: items,
            rectifyDays: days)
    }

    private func admin(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, values extra: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let lists = try await store.scoped(to: caller).inspectionChecklists()
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "",
            "saved": request.uri.queryParameters["saved"].map(String.init) ?? "",
            "lists": lists.map { list in
                [
                    "code": list.code, "name": list.name, "days": list.rectifyDays,
                    "places": list.places.map { strings["inspection_place_" + $0.rawValue] ?? $0.rawValue }.joined(
                        separator: "、"),
                    "unit": list.places.contains(.unit), "house": list.places.contains(.house),
                    "items": list.items.map { "\($0.key),\($0.label),\($0.category)" }.joined(separator: "\n"),
                ]
            },
        ]
        values.merge(extra) { $1 }
        return renderer.page(
            .adminChecklists, title: strings["checklists_title"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: status)
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// 走访 on the phone: `/m/visits` lists the key people of the worker's grid whose visits are due —
/// overdue, today, this week — nearest first from where the worker stands once the page knows;
/// `/m/visits/new` records a visit with the person's groups' questions, a photo, a new attention
/// level and, in the same step, a case for what was found.
struct VisitPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/visits") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/visits") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await dueList(caller, request, context)
            }
        }
        router.get("/m/visits/new") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/visits") }
            return try await PageErrors.rendering(renderer, request, context) {
                let parameters = request.uri.queryParameters
                return try await visitForm(
                    caller, request, context, person: String(parameters["person"] ?? ""),
                    county: String(parameters["county"] ?? ""), typed: [:])
            }
        }
        router.get("/visits/:county/:id/photos/:sha256") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/visits") }
            let sha256 = try context.pathParameter("sha256")
            let photo = try await store.scoped(to: caller).visitPhoto(
                county: try context.pathParameter("county"), visit: try context.pathParameter("id"), sha256: sha256)
            return Response(
                status: .ok, headers: AttachmentRoutes.fileHeaders(contentType: photo.contentType, sha256: sha256),
                body: .init(byteBuffer: ByteBuffer(bytes: photo.bytes)))
        }
        router.post("/m/visits") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/visits") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await save(caller, form, request, context)
            }
        }
    }

    private func dueList(_ caller: Caller, _ request: Request, _ context: GridRequestContext) async throws -> Response {
        let language = LoginPages.language(request)
        let strings = PageStrings.table(language)
        let scoped = store.scoped(to: caller)
        let parameters = request.uri.queryParameters
        let (grid, grids) = try await RegistryPages(store: store, renderer: renderer).gridChoice(
            caller, grid: parameters["grid"].map(String.init))
        let position = try? GeoPoint(
            validatingLat: parameters["lat"].flatMap { Double(String($0)) } ?? .nan,
            lng: parameters["lng"].flatMap { Double(String($0)) } ?? .nan)
        var values = try await RegistryPages(store: store, renderer: renderer).gridValues(scoped, grid, grids)
        var due: [DueVisit] = []
        if let grid { due = try await scoped.dueVisits(inGrid: grid, from: position) }
        values["sections"] = VisitSchedule.Urgency.allCases.compactMap { urgency -> [String: Any]? in
            let people = due.filter { $0.urgency == urgency }
            guard !people.isEmpty else { return nil }
            return [
                "title": strings["visits_" + urgency.rawValue] ?? urgency.rawValue, "count": people.count,
                "id": "visits-" + urgency.rawValue, "later": urgency == .later,
                "people": people.map { Self.dueRow($0, strings) },
            ]
        }
        values["none"] = due.isEmpty
        values["sorted_by_distance"] = position != nil
        values["saved"] = parameters["saved"] != nil
        return renderer.page(
            .workerVisits, title: strings["visits_title"] ?? "", request: request, context: context, values: values,
            scripts: ["visits.js", "offline-queue.js"])
    }

    static func dueRow(_ due: DueVisit, _ strings: [String: String]) -> [String: Any] {
        [
            "name": due.person.name, "address": due.person.address ?? "", "id": due.person.id,
            "county": due.person.grid.countyCode, "due": due.dueDay.description,
            "last": due.lastVisitAt.map(CaseFormatter.beijingTime) ?? "",
            "distance": due.distanceMetres.map { $0 < 1000 ? "\(Int($0)) 米" : String(format: "%.1f 公里", $0 / 1000) }
                ?? "",
            "groups": due.memberships.map {
                ["name": $0.group.name, "attention": $0.attention.chineseName, "serious": $0.attention == .serious]
            },
        ].withoutEmptyTexts
    }

    private func visitForm(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, person id: String, county: String,
        typed: [String: String], error: String? = nil
    ) async throws -> Response {
        let language = LoginPages.language(request)
        let strings = PageStrings.table(language)
        let scoped = store.scoped(to: caller)
        guard let person = try await scoped.person(id: id, county: county) else {
            throw StoreError.notFound("person \(id)")
        }
        let memberships = try await scoped.keyGroups(of: person)
        var values = PersonPages.summary(person, strings)
        values.merge(typed.filter { ["finding", "case_description"].contains($0.key) }) { $1 }
        values["csrf"] = context.session?.csrfToken ?? ""
        values["groups"] = memberships.map { member -> [String: Any] in
            let code = member.group.code
            return [
                "code": code, "name": member.group.name,
                "levels": AttentionLevel.allCases.map { level in
                    [
                        "value": level.rawValue, "name": level.chineseName,
                        "selected": (typed["attention_\(code)"] ?? member.attention.rawValue) == level.rawValue,
                    ]
                },
                "fields": member.group.visitFields.map { field -> [String: Any] in
                    let name = "a_\(code)_\(field.key)"
                    let value = typed[name] ?? ""
                    return [
                        "name": name, "label": field.label, "value": value, "is_choice": field.type == .choice,
                        "is_date": field.type == .date,
                        "options": field.options.map { ["name": $0, "selected": $0 == value] },
                    ]
                },
            ]
        }
        let format = try await CaseFormatter.make(for: [], scoped: scoped, language: language)
        values["categories"] = format.categoryGroups(selected: typed["case_category"])
        values["raise"] = typed["raise_case"] == "on"
        if let error { values["error"] = error }
        return renderer.page(
            .workerVisitForm, title: strings["visit_new"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: error == nil ? .ok : .badRequest,
            scripts: ["visits.js", "photo-preview.js", "offline-queue.js"])
    }

    private func save(_ caller: Caller, _ form: FormFields, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let id = form["person_id"] ?? ""
        let county = form["county"] ?? ""
        let typed = form.values
        do {
            let visit = try await store.scoped(to: caller).recordVisit(try Self.visit(from: form, strings: strings))
            return PageRenderer.redirect(
                to: "/m/visits?saved=1" + (visit.caseNumber.map { "&case=\($0)" } ?? ""))
        } catch {
            guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
            return try await visitForm(
                caller, request, context, person: id, county: county, typed: typed,
                error: PageErrors.describe(apiError, strings: strings))
        }
    }

    /// The visit a form describes: `a_<group>_<field>` answers, `attention_<group>` levels, a
    /// case when `raise_case` is ticked, the position the page found, when it was recorded offline.
    static func visit(from form: FormFields, strings: [String: String]) throws -> NewVisit {
        var answers: [String: [String: String]] = [:]
        var attention: [String: AttentionLevel] = [:]
        for name in form.values.keys.sorted() {
            let value = form[name] ?? ""
            if name.hasPrefix("a_"), !value.isEmpty {
                let parts = name.dropFirst(2).split(separator: "_", maxSplits: 1)
                guard parts.count == 2 else { continue }
                answers[String(parts[0]), default: [:]][String(parts[1])] = value
            } else if name.hasPrefix("attention_") {
                guard let level = AttentionLevel(rawValue: value) else {
                    throw StoreError.invalid(field: name, reason: "is not 1, 2 or 3")
                }
                attention[String(name.dropFirst("attention_".count))] = level
            }
        }
        var raised: NewVisit.RaisedCase?
        if form["raise_case"] == "on" {
            raised = NewVisit.RaisedCase(
                category: form["case_category"] ?? "", description: form["case_description"] ?? "")
        }
        var visitedAt: Int64?
        if let text = form["visited_at"], !text.isEmpty {
            guard let milliseconds = Int64(text) else {
                throw StoreError.invalid(field: "visited_at", reason: "is not a time")
            }
            visitedAt = milliseconds
        }
        return NewVisit(
            personID: form["person_id"] ?? "", county: form["county"] ?? "", visitedAt: visitedAt,
            location: (form["lat"] ?? "").isEmpty && (form["lng"] ?? "").isEmpty
                ? nil : try ReportForm.position(form["lat"], form["lng"], strings: strings),
            finding: form["finding"] ?? "", answers: answers, attention: attention, raisedCase: raised,
            photos: try form.photos("photo"))
    }
}

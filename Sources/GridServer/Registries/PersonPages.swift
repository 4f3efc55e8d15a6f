import Foundation
import GridCore
import GridStore
import Hummingbird

/// A person's page (`/m/people/{county}/{id}`): everything the registry knows of them, masked,
/// with their household, the key-population groups the reader may see and the cases they
/// reported; the form that corrects them; the reveal a command centre makes with a reason; and
/// the search by identity number or phone, posted so that the number stays out of addresses
/// and access logs.
struct PersonPages {
    let store: GridStore
    let renderer: PageRenderer
    let lookups: PersonLookups

    func register(on router: Router<GridRequestContext>) {
        router.get("/m/people/:county/:id") { request, context in
            try await signedIn(request, context) { caller in
                try await personPage(caller, try await found(caller, context), request, context, revealed: nil)
            }
        }
        router.get("/m/people/:county/:id/edit") { request, context in
            try await signedIn(request, context) { caller in
                let person = try await found(caller, context)
                var typed = person.profile
                typed["name"] = person.name
                typed["phone"] = ""
                typed["ethnicity"] = person.ethnicity.flatMap { Ethnicity.names[$0] } ?? ""
                typed["household_type"] = person.populationType.rawValue
                typed["address"] = person.address ?? ""
                typed["tags"] = person.tags.joined(separator: "、")
                typed["grid_code"] = person.grid.digits
                return try await RegistryPages(store: store, renderer: renderer).personForm(
                    caller, request, context, typed: typed, editing: person)
            }
        }
        router.post("/m/people/:county/:id/reveal") { request, context in
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await signedIn(request, context) { caller in
                let person = try await found(caller, context)
                let strings = PageStrings.table(LoginPages.language(request))
                do {
                    let clear = try await store.scoped(to: caller).reveal(
                        person: person.id, county: person.grid.countyCode, reason: form["reason"] ?? "")
                    return try await personPage(
                        caller, person, request, context, revealed: .shown(clear.identity, clear.phone))
                } catch StoreError.invalid(let field, let reason) {
                    let message = PageErrors.describe(field: field, reason.text(strings), strings: strings)
                    return try await personPage(caller, person, request, context, revealed: .refused(message))
                }
            }
        }
        router.post("/m/people/search") { request, context in
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await signedIn(request, context) { caller in
                try await RegistryPages(store: store, renderer: renderer, lookups: lookups).people(
                    caller, request, context, query: form["q"] ?? "", grid: form["grid"])
            }
        }
    }

    private func signedIn(
        _ request: Request, _ context: GridRequestContext, _ page: (Caller) async throws -> Response
    ) async throws -> Response {
        guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/m/people") }
        return try await PageErrors.rendering(renderer, request, context) { try await page(caller) }
    }

    /// The person the path names, within the caller's scope.
    private func found(_ caller: Caller, _ context: GridRequestContext) async throws -> PersonView {
        let county = context.parameters.get("county") ?? ""
        let id = context.parameters.get("id") ?? ""
        guard let person = try await store.scoped(to: caller).person(id: id, county: county) else {
            throw StoreError.notFound("person \(id)")
        }
        return person
    }

    /// Who may see a person's identity number and phone in clear (with a reason, journaled).
    static func mayReveal(_ caller: Caller) -> Bool { [.admin, .centre].contains(caller.role) }

    private func personPage(
        _ caller: Caller, _ person: PersonView, _ request: Request, _ context: GridRequestContext,
        revealed: Reveal?
    ) async throws -> Response {
        let language = LoginPages.language(request)
        let strings = PageStrings.table(language)
        let scoped = store.scoped(to: caller)
        var values = Self.summary(person, strings)
        values["csrf"] = context.session?.csrfToken ?? ""
        values["grid"] = person.grid.digits
        values["grid_name"] = try await scoped.region(person.grid).region?.name ?? person.grid.digits
        values["sections"] = PersonProfile.sections.compactMap { section -> [String: Any]? in
            let fields = section.fields.compactMap { field -> [String: String]? in
                person.profile[field.key].map { ["label": field.label, "value": $0] }
            }
            return fields.isEmpty ? nil : ["label": section.label, "fields": fields]
        }
        if let number = person.profile["household_number"] {
            values["household"] = try await scoped.household(number, county: person.grid.countyCode).map {
                member -> [String: Any] in
                var row = Self.summary(member, strings)
                row["relation"] = member.profile["relation"] ?? ""
                row["is_self"] = member.id == person.id
                return row.withoutEmptyTexts
            }
        }
        let memberships = try await scoped.keyGroups(of: person)
        values["groups"] = memberships.map { member in
            [
                "name": member.group.name, "attention": member.attention.chineseName,
                "serious": member.attention == .serious,
                "details": member.group.fields.compactMap { field in
                    member.details[field.key].map { "\(field.label)：\($0)" }
                }.joined(separator: "；"),
            ].withoutEmptyTexts
        }
        let visits = try await scoped.visits(of: person, limit: 20)
        values["has_visits"] = !visits.isEmpty
        values["visits"] = visits.map { visit in
            [
                "at": CaseFormatter.beijingTime(visit.visitedAt), "visitor": visit.visitor, "finding": visit.finding,
                "answers": memberships.flatMap { member in
                    member.group.visitFields.compactMap { field in
                        visit.answers[member.group.code]?[field.key].map { "\(field.label)：\($0)" }
                    }
                }.joined(separator: "；"),
                "case": visit.caseNumber ?? "",
                "photos": visit.photos.map { "/visits/\(visit.grid.countyCode)/\(visit.id)/photos/\($0)" },
            ].withoutEmptyTexts
        }
        // 一人一码: the status screening gave, with its history and reasons.
        let risks = try await scoped.riskHistory(of: person)
        values["risk"] = risks.first.map { ["status": $0.status.rawValue, "name": $0.status.chineseName] }
        values["risks"] = risks.map { risk in
            [
                "at": CaseFormatter.beijingTime(risk.at), "status": risk.status.rawValue,
                "name": risk.status.chineseName,
                "reasons": risk.reasons.joined(separator: "；"),
            ].withoutEmptyTexts
        }
        values["has_risks"] = !risks.isEmpty
        let reported = try await scoped.cases(reportedBy: person)
        let format = try await CaseFormatter.make(for: reported, scoped: scoped, language: language)
        values["cases"] = reported.map { format.row($0, nil) }
        values["has_household"] = (values["household"] as? [Any])?.count ?? 0 > 1
        values["has_groups"] = (values["groups"] as? [Any])?.isEmpty == false
        values["has_cases"] = !reported.isEmpty
        values["may_reveal"] = Self.mayReveal(caller)
        var status = HTTPResponse.Status.ok
        switch revealed {
        case .shown(let identity, let phone)?:
            values["revealed"] = ["identity": identity ?? "—", "phone": phone ?? "—"]
        case .refused(let message)?:
            values["reveal_error"] = message
            status = .badRequest
        case nil: break
        }
        return renderer.page(
            .workerPerson, title: person.name, request: request, context: context, values: values.withoutEmptyTexts,
            status: status)
    }

    /// What a reveal gave: the numbers in clear, or why not.
    enum Reveal {
        case shown(String?, String?)
        case refused(String)
    }

    /// A person as a list row or the head of their page, masked.
    static func summary(_ person: PersonView, _ strings: [String: String]) -> [String: Any] {
        [
            "name": person.name, "identity": person.maskedIdentity ?? "", "phone": person.maskedPhone ?? "",
            "type": person.populationType.chineseName, "address": person.address ?? "",
            "ethnicity": person.ethnicity.flatMap { Ethnicity.names[$0] } ?? "",
            "sex": person.sex.map { strings["sex_" + $0] ?? $0 } ?? "", "birth_date": person.birthDate ?? "",
            "tags": person.tags.joined(separator: "、"), "id": person.id, "county": person.grid.countyCode,
            "href": "/m/people/\(person.grid.countyCode)/\(person.id)", "house": person.addressCode ?? "",
        ]
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// 矛盾纠纷排查化解 (dispute screening and mediation):
/// - `/disputes`: the area's disputes with its mediation record (by grid and by mediator), and the
///   form that registers one (`?party=county/id` brings a person of the registry as a party).
/// - `/disputes/{county}/{id}`: one dispute, its history (minutes for its mediators and centre
///   only) and the steps open to the caller; `/disputes/{county}/{id}/agreement`: the agreement
///   printed for signature.
/// - The API under `/api/v1/disputes`.
struct DisputePages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/disputes") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/disputes") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await list(caller, request, context, form: nil, error: nil)
            }
        }
        router.post("/disputes") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/disputes") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                do {
                    let record = try await store.scoped(to: caller).registerDispute(try Self.newDispute(form))
                    return PageRenderer.redirect(to: "/disputes/\(record.county)/\(record.id)")
                } catch {
                    guard let apiError = APIError.from(error), [.badRequest, .forbidden].contains(apiError.status)
                    else { throw error }
                    return try await list(
                        caller, request, context, form: form, error: PageErrors.describe(apiError, strings: strings),
                        status: apiError.status)
                }
            }
        }
        router.get("/disputes/:county/:id") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/disputes") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await detail(caller, request, context, error: nil)
            }
        }
        router.post("/disputes/:county/:id") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/disputes") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                let (county, id) = (try context.pathParameter("county"), try context.pathParameter("id"))
                do {
                    _ = try await store.scoped(to: caller).act(onDispute: county, id: id, try Self.step(form.values))
                } catch {
                    guard let apiError = APIError.from(error), [.badRequest, .conflict].contains(apiError.status)
                    else { throw error }
                    return try await detail(
                        caller, request, context, error: PageErrors.describe(apiError, strings: strings),
                        status: apiError.status)
                }
                return PageRenderer.redirect(to: "/disputes/\(county)/\(id)")
            }
        }
        router.get("/disputes/:county/:id/agreement") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/disputes") }
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                let view = try await store.scoped(to: caller).dispute(
                    county: try context.pathParameter("county"), id: try context.pathParameter("id"))
                guard let agreement = view.record.agreement else {
                    throw StoreError.notFound("the agreement of dispute \(view.record.number)")
                }
                let names = try await store.scoped(to: caller).names(of: [view.record.grid.digits])
                return renderer.page(
                    .disputeAgreement, title: strings["dispute_agreement_title"] ?? "", request: request,
                    context: context,
                    values: [
                        "number": view.record.number, "agreement": agreement, "county": view.record.county,
                        "id": view.record.id,
                        "parties": view.record.parties.map(\.name), "mediators": view.record.mediators.map(\.name),
                        "grid": names[view.record.grid.digits] ?? view.record.grid.digits,
                        "kind": view.record.kind.chineseName,
                        "date": view.record.agreedAt.map(CaseFormatter.beijingTime) ?? "",
                    ])
            }
        }
        registerAPI(on: router)
    }

    // MARK: Reading requests

    static func newDispute(_ form: FormFields) throws -> NewDispute {
        var parties: [DisputeParty] = []
        for line in (form["parties"] ?? "").split(whereSeparator: \.isNewline) {
            let name = line.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { parties.append(DisputeParty(name: name)) }
        }
        for id in (form["party_ids"] ?? "").split(separator: ",") where !id.isEmpty {
            parties.insert(DisputeParty(name: "", personID: String(id)), at: 0)
        }
        return try newDispute(
            grid: form["grid"] ?? "", kind: form["kind"] ?? "", summary: form["summary"] ?? "",
            people: form["people_involved"] ?? "", risk: form["risk"] ?? "", source: form["source"] ?? "",
            caseNumber: form["case_number"], parties: parties)
    }

    static func newDispute(
        grid: String, kind: String, summary: String, people: String, risk: String, source: String,
        caseNumber: String?, parties: [DisputeParty]
    ) throws -> NewDispute {
        guard let kind = DisputeKind(rawValue: kind) else {
            throw APIError.invalid("kind", "one of \(DisputeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let risk = DisputeRisk(rawValue: risk) else { throw APIError.invalid("risk", "one of low, medium, high") }
        guard let source = DisputeSource(rawValue: source) else {
            throw APIError.invalid("source", "one of screening, resident, referral, case")
        }
        guard let count = Int(people.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.invalid("people_involved", "a whole number of people")
        }
        let number = caseNumber?.trimmingCharacters(in: .whitespaces)
        return NewDispute(
            grid: try RegionRoutes.code(grid, field: "grid"), kind: kind, summary: summary, peopleInvolved: count,
            risk: risk, source: source, caseNumber: number?.isEmpty == false ? number : nil, parties: parties)
    }

    /// A step from a form's fields (or the API's, as the same names).
    static func step(_ form: [String: String]) throws -> DisputeStepInput {
        guard let action = DisputeAction(rawValue: form["action"] ?? "") else {
            throw APIError.invalid("action", "not a step of mediation")
        }
        var mediators: [DisputeMediator] = []
        for line in (form["mediators"] ?? "").split(whereSeparator: \.isNewline) {
            // `name` or `name,kind` or `name,kind,account`
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let name = parts.first, !name.isEmpty else { continue }
            let kind = parts.count > 1 ? DisputeMediator.Kind(rawValue: parts[1]) : .community
            guard let kind else {
                throw APIError.invalid("mediators", "a mediator's kind is community, volunteer or lawyer")
            }
            mediators.append(
                DisputeMediator(name: name, kind: kind, account: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil))
        }
        let attendance = (form["attendance"] ?? "").split(whereSeparator: { $0 == "、" || $0 == "," || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let referral = try (form["referral"]).flatMap { text -> DisputeReferral? in
            guard !text.isEmpty else { return nil }
            guard let referral = DisputeReferral(rawValue: text) else {
                throw APIError.invalid("referral", "one of court, police, petition, arbitration")
            }
            return referral
        }
        let risk = try (form["risk"]).flatMap { text -> DisputeRisk? in
            guard !text.isEmpty else { return nil }
            guard let risk = DisputeRisk(rawValue: text) else {
                throw APIError.invalid("risk", "one of low, medium, high")
            }
            return risk
        }
        return DisputeStepInput(
            action: action, note: form["note"], mediators: mediators, minutes: form["minutes"], attendance: attendance,
            agreement: form["agreement"], referral: referral, risk: risk)
    }

    // MARK: JSON

    static func json(_ record: DisputeRecord, now: Int64) -> JSONValue {
        var json: [String: JSONValue] = [
            "county": .string(record.county), "id": .string(record.id), "number": .string(record.number),
            "grid": .string(record.grid.digits), "kind": .string(record.kind.rawValue),
            "summary": .string(record.summary),
            "people_involved": .number(Double(record.peopleInvolved)), "risk": .string(record.risk.rawValue),
            "source": .string(record.source.rawValue), "case_number": JSONValue(record.caseNumber),
            "parties": .array(
                record.parties.map { ["name": .string($0.name), "person_id": JSONValue($0.personID)] }),
            "mediators": .array(
                record.mediators.map {
                    ["name": .string($0.name), "kind": .string($0.kind.rawValue), "account": JSONValue($0.account)]
                }),
            "state": .string(record.state.rawValue), "outcome": JSONValue(record.outcome),
            "agreement": JSONValue(record.agreement), "registered_by": .string(record.registeredBy),
            "registered_at": .string(ISO8601UTC.seconds(record.registeredAt)),
            "agreed_at": record.agreedAt.map { .string(ISO8601UTC.seconds($0)) } ?? .null,
            "closed_at": record.closedAt.map { .string(ISO8601UTC.seconds($0)) } ?? .null,
        ]
        json["due_at"] = record.deadline.map { .string(ISO8601UTC.seconds($0.dueAt)) } ?? .null
        json["time_status"] = record.deadline.map { .string($0.status(at: now).rawValue) } ?? .null
        return .object(json)
    }

    static func json(_ view: DisputeView, now: Int64) -> JSONValue {
        var json = json(view.record, now: now).objectValue ?? [:]
        json["history"] = .array(
            view.history.map { entry in
                [
                    "at": .string(ISO8601UTC.seconds(entry.at)), "actor": .string(entry.actor),
                    "action": .string(entry.action), "from": entry.from.map { .string($0.rawValue) } ?? .null,
                    "to": .string(entry.to.rawValue), "note": JSONValue(entry.note), "data": entry.data,
                ]
            })
        json["allowed_actions"] = .array(view.allowedActions.map { .string($0.rawValue) })
        return .object(json)
    }

    /// The present step's time limit as the pages show it: its due day, and yellow or overdue.
    static func deadline(_ record: DisputeRecord, now: Int64, strings: [String: String]) -> [String: Any]? {
        guard let deadline = record.deadline else { return nil }
        let status = deadline.status(at: now)
        return [
            "due": CaseFormatter.beijingTime(deadline.dueAt), "status_class": CaseFormatter.statusClass(status),
            "status_name": strings["status_" + status.rawValue] ?? status.rawValue,
        ]
    }

    /// The area's mediation record over the period, on its assessment page (for the roles that
    /// work disputes).
    static let mediationRecord = AssessmentSection { request in
        guard ScopedStore.disputeRoles.contains(request.scoped.caller.role) else { return nil }
        let figures = try await request.scoped.disputeFigures(in: request.area, period: request.period)
        let names = try await request.scoped.names(of: Set(figures.grids.map(\.0.digits)))
        let strings = PageStrings.table(request.language)
        return request.renderer.fragment(
            .disputeFigures, language: request.language,
            values: figureValues(figures, names: names, strings: strings))
    }

    /// The `dispute_figures` card's values: the area's row, a row a grid, a row a mediator.
    static func figureValues(_ figures: MediationRecord, names: [String: String], strings: [String: String])
        -> [String: Any]
    {
        func row(_ name: String, _ figures: DisputeFigures) -> [String: Any] {
            [
                "name": name, "registered": figures.registered, "screened": figures.screened,
                "accepted": figures.accepted, "mediated": figures.mediated, "agreed": figures.agreed,
                "success": figures.successRate.value.map { String(format: "%.0f%%", $0 * 100) } ?? "—",
                "days": figures.meanDaysToAgreement.map { String(format: "%.1f", $0) } ?? "—",
                "repeats": figures.repeats,
            ]
        }
        return [
            "figures": row(strings["disputes_all"] ?? "", figures.area),
            "grid_figures": figures.grids.map { row(names[$0.0.digits] ?? $0.0.digits, $0.1) },
            "mediator_figures": figures.mediators.map { row("\($0.0.name)（\($0.0.kind.chineseName)）", $0.1) },
            "has_mediators": !figures.mediators.isEmpty,
        ]
    }

    static func json(_ figures: DisputeFigures) -> JSONValue {
        [
            "registered": .number(Double(figures.registered)), "screened": .number(Double(figures.screened)),
            "accepted": .number(Double(figures.accepted)), "mediated": .number(Double(figures.mediated)),
            "agreed": .number(Double(figures.agreed)), "repeats": .number(Double(figures.repeats)),
            "success_rate": figures.successRate.value.map { .number($0) } ?? .null,
            "mean_days_to_agreement": figures.meanDaysToAgreement.map { .number($0) } ?? .null,
        ]
    }

    private func registerAPI(on router: Router<GridRequestContext>) {
        router.get("/api/v1/disputes") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let area = try (try request.queryParameters.get("region")).map {
                try RegionRoutes.code($0, field: "region")
            }
            let records = try await scoped.disputes(in: area)
            let figures = try await scoped.disputeFigures(in: area)
            return JSONResponse([
                "disputes": .array(records.map { Self.json($0, now: store.now.epochMilliseconds) }),
                "figures": Self.json(figures.area),
                "grids": .array(
                    figures.grids.map { grid, figures in
                        var json = Self.json(figures).objectValue ?? [:]
                        json["grid"] = .string(grid.digits)
                        return .object(json)
                    }),
                "mediators": .array(
                    figures.mediators.map { mediator, figures in
                        var json = Self.json(figures).objectValue ?? [:]
                        json["name"] = .string(mediator.name)
                        json["kind"] = .string(mediator.kind.rawValue)
                        return .object(json)
                    }),
            ])
        }
        router.post("/api/v1/disputes") { request, context in
            let members = try await request.decodeJSONObject(
                allowedFields: [
                    "grid", "kind", "summary", "people_involved", "risk", "source", "case_number", "parties",
                ],
                context: context)
            guard case .array(let given)? = members.members["parties"] else {
                throw APIError.invalid("parties", "a list of parties is required")
            }
            var parties: [DisputeParty] = []
            for (index, party) in given.enumerated() {
                switch (party["name"], party["person_id"]) {
                case (_, .string(let id)?): parties.append(DisputeParty(name: "", personID: id))
                case (.string(let name)?, _): parties.append(DisputeParty(name: name))
                default: throw APIError.invalid("parties[\(index)]", "a party has a name or a person_id")
                }
            }
            let people = try members.optionalNumber("people_involved").flatMap { Int(exactly: $0) }
            let new = try Self.newDispute(
                grid: try members.string("grid"), kind: try members.string("kind"),
                summary: try members.string("summary"),
                people: people.map(String.init) ?? "", risk: try members.string("risk"),
                source: try members.string("source"), caseNumber: try members.optionalString("case_number"),
                parties: parties)
            let record = try await store.scoped(to: try context.requireCaller()).registerDispute(new)
            return JSONResponse(Self.json(record, now: store.now.epochMilliseconds))
        }
        router.get("/api/v1/disputes/:county/:id") { _, context in
            let view = try await store.scoped(to: try context.requireCaller()).dispute(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"))
            return JSONResponse(Self.json(view, now: store.now.epochMilliseconds))
        }
        router.post("/api/v1/disputes/:county/:id/actions") { request, context in
            let members = try await request.decodeJSONObject(
                allowedFields: [
                    "action", "note", "mediators", "minutes", "attendance", "agreement", "referral", "risk",
                ],
                context: context)
            var fields: [String: String] = [:]
            for key in ["action", "note", "minutes", "agreement", "referral", "risk"] {
                if let value = try members.optionalString(key) { fields[key] = value }
            }
            if case .array(let list)? = members.members["attendance"] {
                fields["attendance"] = list.compactMap(\.stringValue).joined(separator: "\n")
            }
            if case .array(let list)? = members.members["mediators"] {
                fields["mediators"] = list.map { mediator in
                    [
                        mediator["name"]?.stringValue ?? "", mediator["kind"]?.stringValue ?? "community",
                        mediator["account"]?.stringValue ?? "",
                    ].joined(separator: ",")
                }.joined(separator: "\n")
            }
            let view = try await store.scoped(to: try context.requireCaller()).act(
                onDispute: try context.pathParameter("county"), id: try context.pathParameter("id"),
                try Self.step(fields))
            return JSONResponse(Self.json(view, now: store.now.epochMilliseconds))
        }
    }

    // MARK: Pages

    private func list(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, form: FormFields?, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let records = try await scoped.disputes()
        let figures = try await scoped.disputeFigures()
        let names = try await scoped.names(of: Set(records.map(\.grid.digits) + figures.grids.map(\.0.digits)))
        var party: [String: Any]?
        // A party brought from a person's page (`?party=county/id`), kept when a registration is refused.
        let chosen =
            try request.queryParameters.get("party")
            ?? form?["party_ids"].flatMap { id in form?["grid"].map { "\(String($0.prefix(6)))/\(id)" } }
        if let text = chosen {
            let parts = text.split(separator: "/").map(String.init)
            if parts.count == 2, let person = try? await scoped.person(id: parts[1], county: parts[0]) {
                party = ["id": person.id, "name": person.name, "grid": person.grid.digits]
            }
        }
        let (grid, grids) = try await RegistryPages(store: store, renderer: renderer).gridChoice(
            caller, grid: form?["grid"] ?? (party?["grid"] as? String))
        var values = try await RegistryPages(store: store, renderer: renderer).gridValues(scoped, grid, grids)
        values["csrf"] = context.session?.csrfToken ?? ""
        values["error"] = error as Any
        values["party"] = party as Any
        values["can_register"] = ScopedStore.disputeRoles.contains(caller.role) && caller.role != .leader
        values["kinds"] = DisputeKind.allCases.map {
            ["value": $0.rawValue, "name": $0.chineseName, "selected": form?["kind"] == $0.rawValue]
        }
        values["risks"] = DisputeRisk.allCases.map {
            ["value": $0.rawValue, "name": $0.chineseName, "selected": form?["risk"] == $0.rawValue]
        }
        values["sources"] = DisputeSource.allCases.map {
            ["value": $0.rawValue, "name": $0.chineseName, "selected": form?["source"] == $0.rawValue]
        }
        values["summary"] = form?["summary"] ?? ""
        values["parties"] = form?["parties"] ?? ""
        values["people_involved"] = form?["people_involved"] ?? "2"
        values["disputes"] = records.prefix(200).map { record in
            [
                "county": record.county, "id": record.id, "number": record.number, "kind": record.kind.chineseName,
                "summary": record.summary, "grid": names[record.grid.digits] ?? record.grid.digits,
                "state": record.state.displayName(in: .zh), "risk": record.risk.chineseName,
                "risk_class": record.risk.rawValue, "parties": record.parties.map(\.name).joined(separator: "、"),
                "registered": CaseFormatter.beijingTime(record.registeredAt),
                "deadline": Self.deadline(record, now: store.now.epochMilliseconds, strings: strings) as Any,
            ]
        }
        values["has_disputes"] = !records.isEmpty
        values.merge(Self.figureValues(figures, names: names, strings: strings)) { $1 }
        return renderer.page(
            .disputes, title: strings["disputes_title"] ?? "", request: request, context: context, values: values,
            status: status)
    }

    private func detail(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let view = try await scoped.dispute(
            county: try context.pathParameter("county"), id: try context.pathParameter("id"))
        let record = view.record
        let names = try await scoped.names(of: [record.grid.digits])
        let allowed = Set(view.allowedActions)
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "error": error as Any, "county": record.county, "id": record.id,
            "number": record.number, "kind": record.kind.chineseName, "summary": record.summary,
            "grid": names[record.grid.digits] ?? record.grid.digits, "people": record.peopleInvolved,
            "risk": record.risk.chineseName, "risk_class": record.risk.rawValue, "source": record.source.chineseName,
            "case": record.caseNumber as Any, "state": record.state.displayName(in: .zh),
            "parties": record.parties.map { ["name": $0.name, "registry": $0.personID != nil] },
            "mediators": record.mediators.map { "\($0.name)（\($0.kind.chineseName)）" },
            "has_mediators": !record.mediators.isEmpty, "agreement": record.agreement as Any,
            "outcome": record.outcome.map { strings["dispute_outcome_\($0)"] ?? $0 } as Any,
            "registered": "\(CaseFormatter.beijingTime(record.registeredAt)) · \(record.registeredBy)",
            "reads_minutes": view.readsMinutes,
            "deadline": Self.deadline(record, now: store.now.epochMilliseconds, strings: strings) as Any,
        ]
        for action in DisputeAction.allCases { values["can_\(action.rawValue)"] = allowed.contains(action) }
        values["has_actions"] = !allowed.isEmpty
        values["follow_up_waits"] = record.state == .agreed && !allowed.contains(.followUp)
        values["referrals"] = DisputeReferral.allCases.map { ["value": $0.rawValue, "name": $0.chineseName] }
        values["higher_risks"] = DisputeRisk.allCases.filter { $0 > record.risk }.map {
            ["value": $0.rawValue, "name": $0.chineseName]
        }
        values["mediator_kinds"] = DisputeMediator.Kind.allCases.map { "\($0.rawValue)=\($0.chineseName)" }
            .joined(separator: "，")
        values["history"] = view.history.map { entry in
            var row: [String: Any] = [
                "at": CaseFormatter.beijingTime(entry.at), "actor": entry.actor,
                "action": DisputeAction(rawValue: entry.action)?.displayName(in: .zh)
                    ?? (strings["dispute_registered"] ?? entry.action),
                "to": entry.to.displayName(in: .zh),
            ]
            if let note = entry.note { row["note"] = note }
            if let minutes = entry.data["minutes"]?.stringValue { row["minutes"] = minutes }
            if let attendance = entry.data["attendance"]?.arrayValue {
                row["attendance"] = attendance.compactMap(\.stringValue).joined(separator: "、")
            }
            if entry.action == DisputeAction.session.rawValue, !view.readsMinutes {
                row["minutes_hidden"] = true
            }
            return row
        }
        return renderer.page(
            .dispute, title: "\(record.number) · \(strings["disputes_title"] ?? "")", request: request,
            context: context, values: values, status: status)
    }
}

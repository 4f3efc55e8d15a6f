import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/cases/{number}`: one case for staff — facts, photos, where it is, its whole history, and a
/// form for exactly the actions this user may take now (the workflow table decides). Actions post
/// to `/cases/{number}/act` as multipart forms, so evidence photos go with them in one transaction.
struct CasePages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/cases/:number") { request, context in
            let number = try context.pathParameter("number")
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/cases/\(number)") }
            let done = try request.queryParameters.get("done").flatMap(CaseAction.init(rawValue:))
            return try await PageErrors.rendering(renderer, request, context) {
                try await detail(
                    number, caller: caller, request, context, notice: done, error: nil, typedNote: nil, status: .ok)
            }
        }
        router.post("/cases/:number/act") { request, context in
            let number = try context.pathParameter("number")
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/cases/\(number)") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                try await act(number, form: form, caller: caller, request, context)
            }
        }
    }

    private func act(
        _ number: String, form: FormFields, caller: Caller, _ request: Request, _ context: GridRequestContext
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        do {
            let input = try Self.actionInput(form)
            _ = try await store.scoped(to: caller).act(on: number, input)
            // Back to where the user works, with the result named.
            return PageRenderer.redirect(to: "/cases/\(number)?done=\(input.action.rawValue)")
        } catch {
            guard let apiError = APIError.from(error), [.badRequest, .conflict].contains(apiError.status) else {
                throw error
            }
            let message: String
            if let refusal = error as? WorkflowRefusal {
                let allowed = refusal.allowed.map { $0.displayName(in: LoginPages.language(request).workflowLanguage) }
                    .joined(
                        separator: "、")
                message = (strings["refused"] ?? "") + (allowed.isEmpty ? "" : " (\(allowed))")
            } else {
                message = PageErrors.describe(apiError, strings: strings)
            }
            return try await detail(
                number, caller: caller, request, context, notice: nil, error: message, typedNote: form["note"],
                status: apiError.status)
        }
    }

    /// What a posted action form asks for; malformed values name their field.
    static func actionInput(_ form: FormFields) throws -> CaseActionInput {
        guard let action = form["action"].flatMap(CaseAction.init(rawValue:)) else {
            throw APIError.invalid("action", "unknown action")
        }
        func text(_ name: String) -> String? {
            form[name].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        }
        let hours = try form.number("hours")
        var rating: CaseRating?
        if let value = text("rating") {
            guard let parsed = CaseRating(rawValue: value) else {
                throw APIError.invalid("rating", "unknown rating '\(value)'")
            }
            rating = parsed
        }
        let departments = form.all("departments").filter { !$0.isEmpty }
        let photos = try form.photos("photo")
        let location = try RegionRoutes.point(lat: try form.number("lat"), lng: try form.number("lng"), datum: .wgs84)
        return CaseActionInput(
            action: action, note: text("note"), unit: text("unit"), hours: hours, rating: rating,
            duplicateOf: text("duplicate_of"), departments: departments.isEmpty ? nil : departments, photos: photos,
            location: location, reply: text("reply"))
    }

    private func detail(
        _ number: String, caller: Caller, _ request: Request, _ context: GridRequestContext, notice: CaseAction?,
        error: String?, typedNote: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let scoped = store.scoped(to: caller)
        let language = LoginPages.language(request)
        let view = try await scoped.caseDetail(number: number)
        let record = view.record
        let attachments = try await scoped.attachments(of: number)
        let departments =
            view.allowedActions.contains(where: { $0 == .dispatch || $0 == .whistle })
            ? try await scoped.departments() : []
        let format = try await CaseFormatter.make(
            for: [record], scoped: scoped, language: language,
            also: Set(record.coHandlers.keys).union([
                record.countyCode + "000000", String(record.regionCode.digits.prefix(9)) + "000",
                String(record.regionCode.digits.prefix(12)),
            ]))
        let strings = format.strings
        var values = format.row(record, view.timeStatus)
        values["description"] = record.description
        values["address"] = record.address as Any
        values["channel_name"] = strings["channel_" + record.channel.rawValue] ?? record.channel.rawValue
        values["step_name"] = record.step.map { strings["step_" + $0.rawValue] ?? $0.rawValue } as Any
        values["co_handlers"] =
            record.coHandlers.isEmpty
            ? nil as String? as Any
            : record.coHandlers.keys.sorted().map { format.names[$0] ?? $0 }.joined(separator: "、")
        values["duplicates"] =
            record.likelyDuplicates.isEmpty ? nil as String? as Any : record.likelyDuplicates.joined(separator: "、")
        // 处置前/处置后: a photo taken before the unit reported it handled shows the problem, one
        // from that step on shows the result.
        let handledAt = view.history.first { ["handle", "self_handle"].contains($0.action) }?.atMilliseconds
        values["photos"] = attachments.map { photo in
            let after = handledAt.map { photo.atMilliseconds >= $0 } ?? false
            return [
                "url": "/api/v1/cases/\(number)/attachments/\(photo.sha256)",
                "at": CaseFormatter.beijingTime(photo.atMilliseconds),
                "stage": strings[after ? "photo_after" : "photo_before"] ?? "",
            ]
        }
        let people = try await scoped.displayNames(of: Set(view.history.map(\.actor)))
        values["history"] = view.history.map { entry in
            [
                "at": CaseFormatter.beijingTime(entry.atMilliseconds), "action_name": format.actionName(entry.action),
                "actor": Self.actorName(entry.actor, people: people, strings: strings), "note": entry.note as Any,
                "reply": entry.reply as Any,
            ] as [String: Any]
        }
        if let phone = record.reporterPhone {
            // 回访: those who handle the case may call the reporter back; everyone else sees the ends only.
            let posts = CasePost.held(by: caller, on: record, tokenMatches: false)
            let callsBack = !posts.isDisjoint(with: [.intakeOperator, .shiftLeader, .dispatcher, .handlingUnit])
            values["reporter_phone"] = callsBack ? phone : Self.masked(phone)
            values["phone_link"] = callsBack ? "tel:" + phone.filter { $0.isNumber } : nil as String? as Any
        }
        values["csrf"] = context.session?.csrfToken ?? ""
        values["actions"] = view.allowedActions.map { action in
            Self.form(for: action, record: record, departments: departments, format: format, typedNote: typedNote)
        }
        values["back"] = [.worker, .gridleader].contains(caller.role) ? "/m" : "/center"
        values["notice"] = notice.map { "\(strings["done"] ?? ""): \(format.actionName($0.rawValue))" } as Any
        values["error"] = error as Any
        if let point = record.location {
            values["lat"] = String(format: "%.6f", point.lat)
            values["lng"] = String(format: "%.6f", point.lng)
        }
        var scripts: [String] = []
        if view.allowedActions.contains(.locate) {
            // The map to pick the position on: the county's streets.
            let county = try await scoped.region(record.regionCode, childBoundaries: true)
            values["locate_map"] = MapView.locating(county, strings: strings) as Any
            scripts += ["map.js", "locate.js"]
            if let address = record.address {
                let candidates = try await Self.addressCandidates(
                    address, record: record, scoped: scoped, store: store, csrf: context.session?.csrfToken ?? "")
                values["address_candidates"] = candidates
                values["has_address_candidates"] = !candidates.isEmpty
            }
        }
        if let grid = try? await scoped.region(record.regionCode).region {
            let svg =
                SVGMap.render(
                    [grid], width: 320, link: { _ in nil },
                    markers: record.location.map {
                        [
                            SVGMap.Marker(
                                point: $0, href: nil, cssClass: view.timeStatus.map(CaseFormatter.statusClass) ?? "",
                                title: record.number)
                        ]
                    } ?? [], label: grid.name)
            values["map"] = svg as Any
            values["map_view"] =
                svg.map {
                    MapView(region: grid.code, label: grid.name, fallback: $0, strings: strings, focus: record.number)
                } as Any
            if !scripts.contains("map.js") { scripts.append("map.js") }
        }
        return renderer.page(
            .caseDetail, title: record.number, request: request, context: context, values: values, status: status,
            scripts: scripts)
    }

    /// Who took a step, as people know them: the account's display name, or 群众 for a reporter
    /// without an account.
    static func actorName(_ actor: String, people: [String: String], strings: [String: String]) -> String {
        if actor == ScopedStore.anonymousActor { return strings["actor_public"] ?? actor }
        return people[actor] ?? actor
    }

    /// `138****8000`: enough for a caller to recognise, not to dial.
    static func masked(_ phone: String) -> String {
        let digits = Array(phone.filter { $0.isNumber })
        guard digits.count > 7 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 7) + String(digits.suffix(4))
    }

    /// The fields one action's form needs.
    /// The standard addresses a case's free-text address may mean, best first, each with the point
    /// placing it there (its own, or its grid's seat): one tap places the case.
    static func addressCandidates(
        _ address: String, record: CaseRecord, scoped: ScopedStore, store: GridStore, csrf: String
    ) async throws -> [[String: Any]] {
        let matcher = try await store.addressMatcher(county: record.countyCode)
        let match = matcher.match(address)
        var seen: Set<String> = []
        var result: [[String: Any]] = []
        for candidate in ([match.address].compactMap { $0 } + match.candidates)
        where seen.insert(candidate.code).inserted {
            guard let grid = try? await scoped.region(candidate.regionCode).region,
                let point = candidate.point ?? grid.seat
            else { continue }
            result.append([
                "code": candidate.code, "path": matcher.path(of: candidate), "grid_name": grid.name,
                "lat": String(format: "%.6f", point.lat), "lng": String(format: "%.6f", point.lng), "csrf": csrf,
                "number": record.number,
            ])
            if result.count == 5 { break }
        }
        return result
    }

    static func form(
        for action: CaseAction, record: CaseRecord, departments: [Department], format: CaseFormatter, typedNote: String?
    ) -> [String: Any] {
        var form: [String: Any] = [
            "action": action.rawValue, "label": format.actionName(action.rawValue),
            "asks_note": action != .rate, "typed_note": typedNote ?? "",
        ]
        let noteRequired: Set<CaseAction> = [
            .reject, .returnCase, .handle, .rework, .selfHandle, .requestVoid, .refuseSelfHandling, .requestExtension,
        ]
        form["note_required"] = noteRequired.contains(action)
        // 答复群众: offered where the reporter is waiting to hear something.
        let replies: Set<CaseAction> = [.accept, .reject, .merge, .register, .dispatch, .handle, .close, .selfHandle]
        form["asks_reply"] = replies.contains(action)
        // Refusals and side paths look different from the step that moves the case on.
        let sidePaths: Set<CaseAction> = [
            .reject, .merge, .returnCase, .requestVoid, .refuseSelfHandling, .refuseExtension, .refuseVoid,
            .suspend, .escalate, .requestExtension, .rework, .whistle,
        ]
        form["secondary"] = sidePaths.contains(action)
        switch action {
        case .dispatch:
            let county = record.countyCode + "000000"
            let township = String(record.regionCode.digits.prefix(9)) + "000"
            let community = String(record.regionCode.digits.prefix(12))
            var options: [[String: Any]] = []
            for code in [community, township, county] where format.names[code] != nil {
                options.append(["code": code, "name": format.names[code] ?? code, "selected": record.unit == code])
            }
            options += departments.map {
                ["code": $0.code.text, "name": $0.name, "selected": record.unit == $0.code.text]
            }
            if let unit = record.unit, !options.contains(where: { $0["code"] as? String == unit }) {
                options.insert(["code": unit, "name": format.names[unit] ?? unit, "selected": true], at: 0)
            }
            form["unit_choice"] = ["options": options]
        case .whistle:
            form["department_choice"] = ["options": departments.map { ["code": $0.code.text, "name": $0.name] }]
        case .merge:
            if record.likelyDuplicates.isEmpty {
                form["asks_duplicate"] = true
            } else {
                form["duplicate_choice"] = ["options": record.likelyDuplicates]
            }
        case .locate:
            form["asks_position"] = true
            form["asks_note"] = false
        case .requestExtension:
            form["asks_hours"] = true
        case .rate:
            form["asks_rating"] = true
        case .handle, .selfHandle, .verify, .rework:
            form["asks_photo"] = true
        default:
            break
        }
        return form
    }
}

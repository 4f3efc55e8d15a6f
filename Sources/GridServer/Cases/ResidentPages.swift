import Foundation
import GridCore
import GridStore
import Hummingbird

/// The resident portal (群众端), no account needed: `/report` to report a problem and receive a case
/// number and tracking code, `/track` to follow it and rate the result once it is closed.
struct ResidentPages {
    let store: GridStore
    let renderer: PageRenderer
    let limiter: AttemptLimiter
    let secureCookies: Bool

    func register(on router: Router<GridRequestContext>) {
        router.get("/report") { request, _ in
            try await reportForm(LoginPages.language(request), values: [:], error: nil, status: .ok)
        }
        router.post("/report") { request, context in try await report(request, context) }
        router.get("/track") { request, _ in
            let parameters = try request.queryParameters
            return try await track(
                LoginPages.language(request), number: parameters.get("number"), token: parameters.get("token"),
                notice: nil)
        }
        router.post("/track/rate") { request, context in
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            try FormToken.check(request, form)
            let language = LoginPages.language(request)
            guard let number = form["number"], let token = form["token"],
                let rating = form["rating"].flatMap(CaseRating.init(rawValue:))
            else {
                return try await track(language, number: form["number"], token: form["token"], notice: nil)
            }
            let strings = PageStrings.table(language)
            let comment = form["comment"].flatMap {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
            }
            do {
                _ = try await store.scoped(to: CaseRoutes.anonymous).act(
                    on: number, CaseActionInput(action: .rate, note: comment, rating: rating, trackingToken: token))
            } catch {
                guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
                let message =
                    apiError.field == "note"
                    ? strings["rating_comment_required"] ?? "" : PageErrors.describe(apiError, strings: strings)
                return try await track(language, number: number, token: token, notice: message)
            }
            return try await track(language, number: number, token: token, notice: strings["thanks_rating"])
        }
    }

    private func report(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let language = LoginPages.language(request)
        let form = try await FormFields.read(request, limit: context.maxUploadSize)
        try FormToken.check(request, form)
        let values: [String: String] = [
            "category": form["category"] ?? "", "description": form["description"] ?? "",
            "lat": form["lat"] ?? "", "lng": form["lng"] ?? "", "phone": form["reporter_phone"] ?? "",
            "address": form["address"] ?? "",
        ]
        if let wait = limiter.take(context.clientKey) {
            return try await reportForm(language, values: values, error: "\(wait) s", status: .tooManyRequests)
        }
        do {
            let strings = PageStrings.table(language)
            let location = try ReportForm.position(values["lat"], values["lng"], strings: strings)
            let phone = values["phone"].flatMap { $0.isEmpty ? nil : $0 }
            let photos = try form.photos("photo")
            let reported = try await store.scoped(to: CaseRoutes.anonymous).report(
                CaseReport(
                    category: values["category"] ?? "", description: values["description"] ?? "",
                    location: location, address: values["address"].flatMap { $0.isEmpty ? nil : $0 },
                    channel: .resident, reporterPhone: phone, photos: photos))
            return renderer.page(
                .reported, title: strings["reported_title"] ?? "", language: language,
                values: ["number": reported.record.number, "token": reported.trackingToken ?? ""], status: .created)
        } catch {
            // Keep what was typed and name the field at fault.
            guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
            return try await reportForm(
                language, values: values, error: PageErrors.describe(apiError, strings: PageStrings.table(language)),
                status: .badRequest)
        }
    }

    private func reportForm(
        _ language: PageLanguage, values: [String: String], error: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let anonymous = store.scoped(to: CaseRoutes.anonymous)
        let format = try await CaseFormatter.make(for: [], scoped: anonymous, language: language)
        // The map to tap on: down from the top of the territory while it has a single region.
        var node = try await anonymous.topRegion(childBoundaries: true)
        while node.children.count == 1, let only = node.children.first {
            node = try await anonymous.region(only.code, childBoundaries: true)
        }
        let (csrf, cookie) = FormToken.issue(secure: secureCookies)
        var context: [String: Any] = values
        context["groups"] = format.categoryGroups(selected: values["category"])
        context["locate_map"] = MapView.locating(node, strings: format.strings) as Any
        context["csrf"] = csrf
        context["error"] = error as Any
        var response = renderer.page(
            .report, title: format.strings["report_title"] ?? "", language: language,
            values: context, status: status, scripts: ["map.js", "locate.js", "photo-preview.js"])
        response.setCookie(cookie)
        return response
    }

    /// The milestones a resident follows a case by, the ones reached marked; `nil` for a case that
    /// left the path (rejected, merged, voided), whose state says it all.
    static func progress(_ state: CaseState, format: CaseFormatter) -> [[String: Any]]? {
        let milestones: [CaseState] = [
            .reported, .accepted, .registered, .dispatched, .handled, .verified, .closed, .rated,
        ]
        let reached: Int
        switch state {
        case .reported: reached = 0
        case .accepted: reached = 1
        case .registered, .suspended: reached = 2
        case .dispatched, .handling: reached = 3
        case .handled, .selfHandled: reached = 4
        case .verified: reached = 5
        case .closed: reached = 6
        case .rated: reached = 7
        case .rejected, .merged, .voided: return nil
        }
        return milestones.enumerated().map { index, milestone in
            [
                "name": format.stateName(milestone), "done": index <= reached, "current": index == reached,
            ] as [String: Any]
        }
    }

    private func track(_ language: PageLanguage, number: String?, token: String?, notice: String?) async throws
        -> Response
    {
        let strings = PageStrings.table(language)
        var values: [String: Any] = ["number": number ?? "", "token": token ?? "", "error": notice as Any]
        var cookie: Cookie?
        if let number, let token, !number.isEmpty, !token.isEmpty {
            do {
                let anonymous = store.scoped(to: CaseRoutes.anonymous)
                let view = try await anonymous.caseDetail(number: number, trackingToken: token)
                let photos = try await anonymous.attachments(of: number, trackingToken: token)
                let format = try await CaseFormatter.make(for: [], scoped: anonymous, language: language)
                let tokenQuery = PageRenderer.queryValue(token)
                let canRate = view.allowedActions.contains(.rate)
                let (csrf, formCookie) = FormToken.issue(secure: secureCookies)
                if canRate { cookie = formCookie }
                values["case"] =
                    [
                        "number": view.record.number, "token": token, "csrf": csrf, "can_rate": canRate,
                        "state_name": format.stateName(view.record.state), "description": view.record.description,
                        "category_name": format.categoryName(view.record.category),
                        "photos": photos.map {
                            ["url": "/api/v1/cases/\(number)/attachments/\($0.sha256)?tracking_token=\(tokenQuery)"]
                        },
                        "history": view.history.map { entry in
                            [
                                "at": CaseFormatter.beijingTime(entry.atMilliseconds),
                                "action_name": format.actionName(entry.action), "reply": entry.reply as Any,
                                "rating": entry.data["rating"]?.stringValue.map { strings["rating_" + $0] ?? $0 }
                                    as Any,
                                // The reporter's own words on their rating (the store drops every other note).
                                "comment": entry.action == CaseAction.rate.rawValue
                                    ? entry.note as Any
                                    : nil as String?
                                        as Any,
                            ] as [String: Any]
                        },
                        "progress": Self.progress(view.record.state, format: format) as Any,
                        "expected": view.record.dueAtMilliseconds.map(CaseFormatter.beijingTime) as Any,
                    ] as [String: Any]
            } catch let error as StoreError {
                switch error {
                case .notFound, .outOfScope: values["error"] = strings["not_found_case"]
                default: throw error
                }
            }
        }
        var response = renderer.page(.track, title: strings["track_title"] ?? "", language: language, values: values)
        if let cookie { response.setCookie(cookie) }
        return response
    }
}

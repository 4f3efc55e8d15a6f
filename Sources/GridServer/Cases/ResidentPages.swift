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
            let parameters = request.uri.queryParameters
            return try await track(LoginPages.language(request), number: parameters.get("number"), token: parameters.get("token"), notice: nil)
        }
        router.post("/track/rate") { request, context in
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            try FormToken.check(request, form)
            let language = LoginPages.language(request)
            guard let number = form["number"], let token = form["token"], let rating = form["rating"].flatMap(CaseRating.init(rawValue:)) else {
                return try await track(language, number: form["number"], token: form["token"], notice: nil)
            }
            _ = try await store.scoped(to: CaseRoutes.anonymous).act(on: number, CaseActionInput(action: .rate, rating: rating, trackingToken: token))
            return try await track(language, number: number, token: token, notice: PageStrings.table(language)["thanks_rating"])
        }
    }

    private func report(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let language = LoginPages.language(request)
        let form = try await FormFields.read(request, limit: context.maxUploadSize)
        try FormToken.check(request, form)
        let values: [String: String] = ["category": form["category"] ?? "", "description": form["description"] ?? "",
                                        "lat": form["lat"] ?? "", "lng": form["lng"] ?? "", "phone": form["reporter_phone"] ?? ""]
        if let wait = limiter.take(context.remoteAddress) {
            return try await reportForm(language, values: values, error: "\(wait) s", status: .tooManyRequests)
        }
        do {
            guard let lat = Double(values["lat"] ?? ""), let lng = Double(values["lng"] ?? "") else {
                throw APIError.invalid("position", PageStrings.table(language)["position_required"] ?? "latitude and longitude are required")
            }
            let phone = values["phone"].flatMap { $0.isEmpty ? nil : $0 }
            let reported = try await store.scoped(to: CaseRoutes.anonymous).report(CaseReport(
                category: values["category"] ?? "", description: values["description"] ?? "",
                location: try RegionRoutes.point(lat: lat, lng: lng, datum: .wgs84), channel: .resident, reporterPhone: phone))
            let strings = PageStrings.table(language)
            return renderer.page("reported", title: strings["reported_title"] ?? "", language: language,
                                 values: ["number": reported.record.number, "token": reported.trackingToken ?? ""], status: .created)
        } catch {
            // Keep what was typed and name the field at fault.
            guard let apiError = APIError.from(error), apiError.status == .badRequest else { throw error }
            let strings = PageStrings.table(language)
            let field = apiError.field.map { strings[Self.formField[$0] ?? $0] ?? $0 } ?? ""
            return try await reportForm(language, values: values, error: "\(field): \(apiError.message)", status: .badRequest)
        }
    }

    private func reportForm(_ language: PageLanguage, values: [String: String], error: String?, status: HTTPResponse.Status) async throws -> Response {
        let catalogue = try await store.catalogue()
        let groups = catalogue.categories.filter { $0.parent == nil }.map { top in
            ["name": top.name, "items": catalogue.categories.filter { $0.parent == top.code }.map { category in
                ["code": category.code, "name": category.name, "selected": values["category"] == category.code] as [String: Any]
            }] as [String: Any]
        }
        let (csrf, cookie) = FormToken.issue(secure: secureCookies)
        var context: [String: Any] = values
        context["groups"] = groups
        context["csrf"] = csrf
        context["error"] = error as Any
        var response = renderer.page("report", title: PageStrings.table(language)["report_title"] ?? "", language: language,
                                     values: context, status: status)
        response.setCookie(cookie)
        return response
    }

    private func track(_ language: PageLanguage, number: String?, token: String?, notice: String?) async throws -> Response {
        let strings = PageStrings.table(language)
        var values: [String: Any] = ["number": number ?? "", "token": token ?? "", "error": notice as Any]
        var cookie: Cookie?
        if let number, let token, !number.isEmpty, !token.isEmpty {
            do {
                let view = try await store.scoped(to: CaseRoutes.anonymous).caseDetail(number: number, trackingToken: token)
                let canRate = view.allowedActions.contains(.rate)
                let (csrf, formCookie) = FormToken.issue(secure: secureCookies)
                if canRate { cookie = formCookie }
                values["case"] = [
                    "number": view.record.number, "token": token, "csrf": csrf, "can_rate": canRate,
                    "state_name": Self.stateName(view.record.state, language), "description": view.record.description,
                    "history": view.history.map { entry in
                        ["at": Self.beijingTime(entry.atMilliseconds), "action_name": Self.actionName(entry.action, language), "note": entry.note as Any] as [String: Any]
                    },
                ] as [String: Any]
            } catch let error as StoreError {
                switch error {
                case .notFound, .outOfScope: values["error"] = strings["not_found_case"]
                default: throw error
                }
            }
        }
        var response = renderer.page("track", title: strings["track_title"] ?? "", language: language, values: values)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// The page's label for a field an error names.
    static let formField = ["lat": "position", "lng": "position", "location": "position", "reporter_phone": "phone_optional"]

    static func beijingTime(_ milliseconds: Int64) -> String {
        let (day, second) = WorkingCalendar.local(Date(epochMilliseconds: milliseconds))
        let hour = second / 3600, minute = second % 3600 / 60
        return "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    static let stateNames: [CaseState: String] = [
        .reported: "已上报", .accepted: "已受理", .registered: "已立案", .dispatched: "已派遣", .handling: "处置中", .handled: "已反馈",
        .verified: "已核查", .closed: "已结案", .rated: "已评价", .selfHandled: "已自处理", .suspended: "挂账", .rejected: "不予受理",
        .merged: "已合并", .voided: "已作废",
    ]

    static let actionNames: [String: String] = [
        "report": "上报", "accept": "受理", "register": "立案", "dispatch": "派遣", "sign_in": "签收", "handle": "处置反馈",
        "verify": "核查通过", "rework": "返工", "close": "结案", "rate": "评价", "return": "退回", "escalate": "上报上级",
        "whistle": "吹哨", "report_in": "报到", "supervise": "督办", "urge": "催办", "attach": "上传照片", "self_handle": "自处理",
    ]

    static func stateName(_ state: CaseState, _ language: PageLanguage) -> String {
        language == .zh ? stateNames[state] ?? state.rawValue : state.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    static func actionName(_ action: String, _ language: PageLanguage) -> String {
        language == .zh ? actionNames[action] ?? action : action.replacingOccurrences(of: "_", with: " ")
    }
}

import GridCore
import GridStore
import Hummingbird

/// `/admin`: the administration (系统管理) landing page, a card for each section the features
/// declare (accounts, tokens, regions, categories, workflows, calendar, …).
struct AdminPages {
    let renderer: PageRenderer
    let sections: [AdministrationSection]

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin") { caller in
                let strings = PageStrings.table(LoginPages.language(request))
                let cards = sections.map {
                    [
                        "href": $0.path, "id": $0.id, "title": strings[$0.titleKey] ?? $0.titleKey,
                        "intro": strings[$0.introKey] ?? "",
                    ]
                }
                return renderer.page(
                    .admin, title: strings["admin_title"] ?? "", request: request, context: context,
                    values: ["territory_wide": caller.scope == .territory, "sections": cards])
            }
        }
    }
}

/// Who may use the administration pages, and how their refusals look: anonymous visitors are sent
/// to log in and come back, other roles get a 403 page, and the store's own refusals (a county
/// administrator changing the territory-wide catalogue, say) become message pages too.
enum AdminGate {
    static func run(
        _ renderer: PageRenderer, _ request: Request, _ context: GridRequestContext, path: String,
        _ body: (Caller) async throws -> Response
    ) async throws -> Response {
        guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=\(path)") }
        guard caller.role == .admin else {
            return PageErrors.message(renderer, request, context, status: .forbidden, textKey: "admin_only")
        }
        return try await PageErrors.rendering(
            renderer, request, context, forbiddenText: "admin_out_of_scope", notFoundText: "admin_not_found"
        ) {
            try await body(caller)
        }
    }

    /// Registers a form post of the administration pages: the gate of ``run(_:_:_:path:_:)``, then
    /// the form (urlencoded or multipart) handed to `handle`.
    static func post(
        _ router: Router<GridRequestContext>, _ route: String, page: String, renderer: PageRenderer,
        _ handle: @escaping @Sendable (FormFields, Caller, Request, GridRequestContext) async throws -> Response
    ) {
        router.post(RouterPath(route)) { request, context in
            try await run(renderer, request, context, path: page) { caller in
                try await handle(
                    try await FormFields.read(request, limit: context.maxUploadSize), caller, request, context)
            }
        }
    }

    /// `字段: reason` for a form of the administration pages, naming the field in the page's language
    /// (`field_…` keys of ``PageStrings``).
    static func describe(field: String?, _ reason: String, strings: [String: String]) -> String {
        PageErrors.describe(field: field, reason, strings: strings)
    }
}

/// A form refused for one field: which, why (in the page's language) and the HTTP status to answer.
struct FieldRefusal: Error {
    var field: String
    var message: String
    var status: HTTPResponse.Status

    init(_ field: String, _ reason: String, strings: [String: String], status: HTTPResponse.Status = .badRequest) {
        self.field = field
        self.message = AdminGate.describe(field: field, reason, strings: strings)
        self.status = status
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird
import Logging

/// 预警 (surges and concealment risks):
/// - `/center/warnings`: the warnings the caller may see, open ones first, each with the figures
///   that raised it and a form to acknowledge it with a note; the list refreshes itself.
/// - `GET /api/v1/warnings?open=1`, `POST /api/v1/warnings/{county}/{id}/acknowledge`.
struct WarningPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/warnings") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/warnings") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await page(caller, request, context, error: nil)
            }
        }
        router.post("/center/warnings/:county/:id/acknowledge") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/warnings") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                do {
                    _ = try await store.scoped(to: caller).acknowledgeWarning(
                        county: try context.pathParameter("county"), id: try context.pathParameter("id"),
                        note: form["note"] ?? "")
                } catch {
                    guard let apiError = APIError.from(error), [.badRequest, .conflict].contains(apiError.status) else {
                        throw error
                    }
                    return try await page(
                        caller, request, context, error: PageErrors.describe(apiError, strings: strings),
                        status: apiError.status)
                }
                return PageRenderer.redirect(to: "/center/warnings")
            }
        }
        router.get("/api/v1/warnings") { request, context in
            var open = false
            if let text = try request.queryParameters.get("open") {
                guard ["1", "0", "true", "false"].contains(text) else {
                    throw APIError.invalid("open", "must be 1, 0, true or false")
                }
                open = text == "1" || text == "true"
            }
            let warnings = try await store.scoped(to: try context.requireCaller()).warnings(openOnly: open)
            return JSONResponse(["warnings": .array(warnings.map(Self.json))])
        }
        router.post("/api/v1/warnings/:county/:id/acknowledge") { request, context in
            struct Body: Decodable { var note: String }
            let body = try await request.decodeJSON(Body.self, allowedFields: ["note"], context: context)
            let warning = try await store.scoped(to: try context.requireCaller()).acknowledgeWarning(
                county: try context.pathParameter("county"), id: try context.pathParameter("id"),
                note: body.note)
            return JSONResponse(Self.json(warning))
        }
    }

    static func json(_ warning: DecisionWarning) -> JSONValue {
        [
            "county": .string(warning.county), "id": .string(warning.id), "kind": .string(warning.kind.rawValue),
            "region": .string(warning.node.digits), "category": .string(warning.category),
            "day": .string(warning.day.description), "observed": .number(Double(warning.observed)),
            "expected": .number((warning.expected * 100).rounded() / 100), "p": .number(warning.p),
            "figures": warning.figures, "raised_at": .string(ISO8601UTC.seconds(warning.raisedAt)),
            "acknowledged_by": JSONValue(warning.acknowledgedBy),
            "acknowledged_at": warning.acknowledgedAt.map { .string(ISO8601UTC.seconds($0)) } ?? .null,
            "note": JSONValue(warning.note),
        ]
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let warnings = try await scoped.warnings()
        let names = try await scoped.names(of: Set(warnings.map(\.node.digits)))
        let catalogue = try await store.catalogue()
        let canAcknowledge = [.admin, .centre, .leader, .station].contains(caller.role)
        func row(_ warning: DecisionWarning) -> [String: Any] {
            let category = catalogue.categories.first { $0.code == warning.category }?.name ?? warning.category
            func filled(_ key: String, _ values: [String]) -> String {
                var text = strings[key] ?? key
                for (index, value) in values.enumerated() {
                    text = text.replacingOccurrences(of: "{\(index)}", with: value)
                }
                return text
            }
            let what =
                warning.kind == .surge
                ? filled(
                    "warning_surge_text", [category, "\(warning.observed)", String(format: "%.1f", warning.expected)])
                : filled(
                    "warning_concealment_text",
                    [
                        "\(warning.observed)", "\(Int(warning.figures["reports"]?.numberValue ?? 0))",
                        String(format: "%.0f%%", (warning.figures["norm"]?.numberValue ?? 0) * 100),
                    ])
            return [
                "county": warning.county, "id": warning.id, "open": warning.acknowledgedAt == nil,
                "kind": strings["warning_kind_\(warning.kind.rawValue)"] ?? warning.kind.rawValue,
                "kind_class": warning.kind.rawValue, "area": names[warning.node.digits] ?? warning.node.digits,
                "what": what, "p": String(format: "%.2g", warning.p), "day": warning.day.description,
                "raised": CaseFormatter.beijingTime(warning.raisedAt),
                "acknowledged": warning.acknowledgedAt.map {
                    "\(warning.acknowledgedBy ?? "") · \(CaseFormatter.beijingTime($0)) · \(warning.note ?? "")"
                } ?? "",
                "can_acknowledge": canAcknowledge && warning.acknowledgedAt == nil,
            ]
        }
        let open = warnings.filter { $0.acknowledgedAt == nil }
        let values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "error": error as Any, "has_open": !open.isEmpty,
            "open": open.map(row), "closed": warnings.filter { $0.acknowledgedAt != nil }.prefix(50).map(row),
            "has_closed": open.count < warnings.count, "open_count": open.count,
        ]
        return renderer.page(
            .centreWarnings, title: strings["warnings_title"] ?? "", request: request, context: context,
            values: values, status: status, scripts: ["warnings.js"])
    }
}

/// At start and every ten minutes while the server runs: the surge and concealment sweeps for
/// yesterday (each warning is raised once, so the sweeps after the first of a day find nothing new).
enum WarningService {
    static func make(store: GridStore, logger: Logger) -> PeriodicService {
        PeriodicService(name: "warning sweep", interval: .seconds(600), atStart: true, logger: logger) {
            let raised = try await store.raiseWarnings()
            if !raised.isEmpty { logger.info("raised \(raised.count) warning(s)") }
        }
    }
}

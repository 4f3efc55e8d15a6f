import GridCore
import GridStore
import Hummingbird

/// `/admin/regions`: 区域与网格管理 — draw a region or grid by uploading its GeoJSON boundary (a
/// file or pasted text, checked and saved exactly as `PUT /api/v1/regions/{code}` does), and the
/// divisions import (行政区划导入): a CSV file of the national divisions, all or nothing, answered
/// with what it did or with every bad line and its reason. `/assets/admin-upload.js` shows the
/// upload's progress; without it the forms post as usual.
struct RegionAdminPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/regions") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/regions") { caller in
                page(caller, request, context, values: ["datum": "wgs84"])
            }
        }
        AdminGate.post(router, "/admin/regions/boundary", page: "/admin/regions", renderer: renderer) {
            try await saveBoundary($0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/regions/divisions", page: "/admin/regions", renderer: renderer) {
            try await importDivisions($0, $1, $2, $3)
        }
    }

    private func saveBoundary(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        func text(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var typed: [String: Any] = [
            "code": text("code"), "name": text("name"), "parent_code": text("parent_code"),
            "datum": text("datum").isEmpty ? "wgs84" : text("datum"), "boundary": form["boundary"] ?? "",
        ]
        do {
            let code = try RegionRoutes.code(text("code"), field: "code")
            let scoped = store.scoped(to: caller)
            // Redrawing a known region needs only its code and boundary: name and parent default to the stored ones.
            let existing: Region?
            do { existing = try await scoped.region(code).region } catch StoreError.notFound { existing = nil }
            let input = RegionJSON.Input(
                name: text("name").isEmpty ? existing?.name ?? "" : text("name"),
                parent_code: text("parent_code").isEmpty ? existing?.parentCode?.digits : text("parent_code"),
                boundary: try Self.geometry(form), datum: text("datum").isEmpty ? nil : text("datum"), seat: nil)
            var region = try input.region(code: code)
            // The form has no seat point: keep the stored one rather than erase it.
            if region.seat == nil { region.seat = existing?.seat }
            let saved = try await RegionRoutes.save(region, scoped: scoped)
            guard let stored = saved.region else { throw StoreError.notFound("region \(code)") }
            return page(
                caller, request, context,
                values: [
                    "datum": "wgs84",
                    "saved": [
                        "code": stored.code.digits, "name": stored.name,
                        "level_name": strings["level_" + stored.level.name] ?? stored.level.name,
                        "map": SVGMap.render([stored], width: 360, link: { _ in nil }, label: stored.name) as Any,
                    ] as [String: Any],
                ])
        } catch {
            guard let apiError = APIError.from(error), [.badRequest, .forbidden].contains(apiError.status) else {
                throw error
            }
            let field = apiError.field ?? "code"
            let reason = apiError.status == .forbidden ? strings["scope_outside"] ?? "" : apiError.reason.text(strings)
            typed["boundary_error"] = AdminGate.describe(field: field, reason, strings: strings)
            typed["invalid"] = [field: true]
            return page(caller, request, context, values: typed, status: apiError.status)
        }
    }

    /// The GeoJSON of the form: the chosen file, else the pasted text; `nil` when neither was given.
    static func geometry(_ form: FormFields) throws(APIError) -> JSONValue? {
        let text: String
        if let file = form.files["boundary_file"]?.first {
            guard let decoded = String(validating: file.bytes, as: UTF8.self) else {
                throw APIError.invalid("boundary", "the file is not UTF-8 text")
            }
            text = decoded
        } else {
            text = form["boundary"] ?? ""
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        do { return try JSONValue.parse(text) } catch { throw APIError.invalid("boundary", "is not valid JSON") }
    }

    private func importDivisions(
        _ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        guard let file = form.files["divisions"]?.first else {
            return page(
                caller, request, context,
                values: [
                    "datum": "wgs84",
                    "divisions_error": AdminGate.describe(
                        field: "divisions", strings["required"] ?? "", strings: strings),
                ], status: .badRequest)
        }
        do {
            let summary = try await store.importDivisions(utf8: file.bytes, source: file.filename, by: caller)
            return page(
                caller, request, context,
                values: [
                    "datum": "wgs84",
                    "summary": [
                        "file": file.filename, "rows": summary.rows, "inserted": summary.inserted,
                        "updated": summary.updated,
                    ] as [String: Any],
                ])
        } catch let problems as ImportProblems {
            return page(
                caller, request, context,
                values: [
                    "datum": "wgs84",
                    "problems": ImportReport.values(problems, file: file.filename, strings: strings),
                ], status: .badRequest)
        }
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        var values = values
        values["csrf"] = context.session?.csrfToken ?? ""
        values["territory_wide"] = caller.scope == .territory
        values["datums"] = ["wgs84", "gcj02"].map {
            ["value": $0, "name": strings["datum_" + $0] ?? $0, "selected": values["datum"] as? String == $0]
        }
        // Where a chosen file is drawn before it is saved (`boundary-preview.js`), over the caller's area.
        values["preview_map"] = MapView(
            region: nil, label: strings["preview_hint"] ?? "", fallback: "", strings: strings, id: "boundary-preview")
        return renderer.page(
            .adminRegions, title: strings["regions_admin_title"] ?? "", request: request, context: context,
            values: values,
            status: status, scripts: ["admin-upload.js", "map.js", "boundary-preview.js"])
    }
}

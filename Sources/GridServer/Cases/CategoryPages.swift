import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/admin/categories`: 事项分类与办理时限 — the two-level category catalogue as a table whose names,
/// handling levels (社区、乡镇、县区 or a line department) and per-step time limits in working
/// hours an administrator of the whole territory edits and saves at once; export as JSON
/// (`GET /api/v1/categories`) and import of such a file. A refused change names the entry and field
/// and saves nothing.
struct CategoryPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/categories") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/categories") { caller in
                let parameters = try request.queryParameters
                let strings = PageStrings.table(LoginPages.language(request))
                let notice =
                    parameters.get("saved") != nil
                    ? strings["catalogue_saved"]
                    : parameters.get("imported").map { "\(strings["catalogue_imported"] ?? ""): \($0)" }
                return try await page(caller, request, context, typed: nil, error: nil, notice: notice)
            }
        }
        AdminGate.post(router, "/admin/categories", page: "/admin/categories", renderer: renderer) {
            try await save($0, $1, $2, $3)
        }
        AdminGate.post(router, "/admin/categories/import", page: "/admin/categories", renderer: renderer) {
            try await importFile($0, $1, $2, $3)
        }
    }

    private func save(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        let current = try await store.catalogue()
        do {
            let edited = try Self.edited(current, form: form, strings: strings)
            let catalogue: CaseCatalogue
            do { catalogue = try CaseCatalogue(categories: edited) } catch {
                throw Self.refusal(error, entries: edited.map { ($0.code, $0.name) }, strings: strings)
            }
            try await store.saveCatalogue(catalogue, by: caller)
            return PageRenderer.redirect(to: "/admin/categories?saved=1")
        } catch let refusal as EntryRefusal {
            return try await page(
                caller, request, context, typed: form, error: refusal, notice: nil, status: .badRequest)
        }
    }

    private func importFile(_ form: FormFields, _ caller: Caller, _ request: Request, _ context: GridRequestContext)
        async throws -> Response
    {
        let strings = PageStrings.table(LoginPages.language(request))
        do {
            guard let file = form.files["catalogue"]?.first else {
                throw EntryRefusal(
                    message: AdminGate.describe(field: "catalogue", strings["required"] ?? "", strings: strings))
            }
            let parsed: CatalogueFile
            do {
                parsed = try Request.decodeJSON(
                    CatalogueFile.self, from: Data(file.bytes), allowedFields: ["categories"])
            } catch {
                guard let apiError = APIError.from(error) else { throw error }
                throw EntryRefusal(
                    message: "\(strings["field_catalogue"] ?? ""): " + (apiError.field.map { "\($0): " } ?? "")
                        + apiError.reason.text(strings))
            }
            let catalogue: CaseCatalogue
            do { catalogue = try parsed.catalogue() } catch let error as CatalogueError {
                throw Self.refusal(error, entries: parsed.categories.map { ($0.code, $0.name) }, strings: strings)
            }
            try await store.saveCatalogue(catalogue, by: caller)
            return PageRenderer.redirect(to: "/admin/categories?imported=\(catalogue.categories.count)")
        } catch let refusal as EntryRefusal {
            return try await page(
                caller, request, context, typed: nil, error: nil, importError: refusal.message, notice: nil,
                status: .badRequest)
        }
    }

    /// The catalogue with the table's edits applied. Fields missing from the form keep their value;
    /// an empty limit falls back to the default for its step.
    static func edited(_ catalogue: CaseCatalogue, form: FormFields, strings: [String: String]) throws(EntryRefusal)
        -> [CaseCategory]
    {
        var result: [CaseCategory] = []
        for var category in catalogue.categories {
            let entry = (category.code, category.name)
            if let name = form["name.\(category.code)"] {
                category.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let english = form["name_en.\(category.code)"] {
                let trimmed = english.trimmingCharacters(in: .whitespacesAndNewlines)
                category.englishName = trimmed.isEmpty ? nil : trimmed
            }
            if category.parent != nil {
                if let text = form["handler.\(category.code)"] {
                    guard let handler = HandlingLevel(text) else {
                        throw EntryRefusal(
                            entry, field: "handler", reason: strings["handler_choose"] ?? "", strings: strings)
                    }
                    category.handler = handler
                }
                for step in CaseStep.allCases {
                    guard let raw = form["limit.\(category.code).\(step.rawValue)"] else { continue }
                    let text = raw.trimmingCharacters(in: .whitespaces)
                    if text.isEmpty {
                        category.limits[step] = nil
                    } else {
                        guard let hours = Double(text), hours.isFinite else {
                            throw EntryRefusal(
                                entry, field: "limits.\(step.rawValue)", reason: strings["limit_rule"] ?? "",
                                strings: strings)
                        }
                        category.limits[step] = hours
                    }
                }
            }
            result.append(category)
        }
        return result
    }

    /// A catalogue check's failure as the entry (code and name) and field at fault.
    static func refusal(_ error: CatalogueError, entries: [(code: String, name: String)], strings: [String: String])
        -> EntryRefusal
    {
        switch error {
        case .invalid(let index, let field, let reason):
            let entry = entries.indices.contains(index) ? entries[index] : ("#\(index + 1)", "")
            // Known steps out of range and empty names have page wording; other reasons (an unknown step, a bad code) are shown as given.
            let knownStep = field.hasPrefix("limits.") && CaseStep(rawValue: String(field.dropFirst(7))) != nil
            let localized =
                knownStep
                ? strings["limit_rule"] ?? reason.text(strings)
                : field == "name" ? strings["required"] ?? reason.text(strings) : reason.text(strings)
            return EntryRefusal(entry, field: field, reason: localized, strings: strings)
        case .badHandler(let text):
            return EntryRefusal(
                message: AdminGate.describe(
                    field: "handler", "\(strings["handler_choose"] ?? ""): \(text)", strings: strings))
        }
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, typed: FormFields?, error: EntryRefusal?,
        importError: String? = nil, notice: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let catalogue = try await store.catalogue()
        let departments = try await store.scoped(to: caller).departments()
        var departmentNames: [String: String] = [:]
        // One label a key: handlers name a department by its key in whichever county the case is.
        for department in departments where departmentNames[String(department.code.text.dropFirst(7))] == nil {
            departmentNames[String(department.code.text.dropFirst(7))] = department.name
        }
        for case .department(let key) in catalogue.categories.map(\.handler) where departmentNames[key] == nil {
            departmentNames[key] = key
        }

        let rows = catalogue.categories.map { category -> [String: Any] in
            let code = category.code
            let handler = typed?["handler.\(code)"] ?? category.handler.text
            var options: [[String: Any]] = ["community", "township", "county"].map { level in
                ["value": level, "name": strings["handler_" + level] ?? level, "selected": handler == level]
            }
            options += departmentNames.keys.sorted().map { key in
                let value = "department:\(key)"
                return [
                    "value": value,
                    "name": "\(strings["handler_department"] ?? "") \(key) · \(departmentNames[key] ?? key)",
                    "selected": handler == value,
                ]
            }
            return [
                "code": code, "name": typed?["name.\(code)"] ?? category.name, "top": category.parent == nil,
                "name_en": typed?["name_en.\(code)"] ?? category.englishName ?? "",
                "name_invalid": error?.code == code && error?.field == "name",
                "name_en_invalid": error?.code == code && error?.field == "name_en",
                "handler_invalid": error?.code == code && error?.field == "handler",
                "handler_name": options.first { $0["selected"] as? Bool == true }?["name"] ?? category.handler.text,
                "handlers": options,
                "limits": CaseStep.allCases.map { step -> [String: Any] in
                    let stored = category.limits[step].map(Self.hours) ?? ""
                    return [
                        "step": step.rawValue, "label": strings["limit_" + step.rawValue] ?? step.rawValue,
                        "value": typed?["limit.\(code).\(step.rawValue)"] ?? stored,
                        "default": Self.hours(CaseCatalogue.defaultLimits[step] ?? 24),
                        "invalid": error?.code == code && error?.field == "limits.\(step.rawValue)",
                    ]
                },
            ]
        }
        let values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "editable": caller.scope == .territory, "rows": rows,
            "steps": CaseStep.allCases.map { strings["limit_" + $0.rawValue] ?? $0.rawValue },
            "group_span": 2 + CaseStep.allCases.count,
            "error": error?.message as Any, "import_error": importError as Any, "notice": notice as Any,
        ]
        return renderer.page(
            .adminCategories, title: strings["categories_title"] ?? "", request: request, context: context,
            values: values, status: status, scripts: ["admin-upload.js"])
    }

    /// `24`, `1.5`: hours as an administrator types them.
    static func hours(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A catalogue change refused for one entry's field (or, for a whole file, with a message alone).
struct EntryRefusal: Error {
    var code: String?
    var field: String?
    var message: String

    init(message: String) {
        self.message = message
    }

    init(_ entry: (code: String, name: String), field: String, reason: String, strings: [String: String]) {
        code = entry.code
        self.field = field
        let label = field.hasPrefix("limits.") ? strings["limit_" + field.dropFirst(7)] : strings["field_" + field]
        message = "\(entry.code) \(entry.name) · \(label ?? field): \(reason)"
    }
}

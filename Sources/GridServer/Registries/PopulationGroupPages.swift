import Foundation
import GridCore
import GridStore
import Hummingbird

/// `/admin/groups` (重点人群类别): the key-population groups with their fields and visit intervals;
/// an administrator changes a group's intervals or adds a group with its own typed fields.
struct PopulationGroupPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/groups") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/groups") { caller in
                try await page(caller, request, context, values: [:])
            }
        }
        AdminGate.post(router, "/admin/groups", page: "/admin/groups", renderer: renderer) {
            form, caller, request, context in
            let strings = PageStrings.table(LoginPages.language(request))
            do {
                let group = try await Self.group(
                    from: form, existing: try await store.scoped(to: caller).populationGroups())
                try await store.scoped(to: caller).saveGroup(group)
                return PageRenderer.redirect(to: "/admin/groups?saved=\(group.code)")
            } catch StoreError.invalid(let field, let reason) {
                return try await page(
                    caller, request, context,
                    values: ["error": PageErrors.describe(field: field, reason.text(strings), strings: strings)],
                    status: .badRequest)
            }
        }
    }

    /// A group as the form describes it. Fields are one a line, `key,label,type[,option|option…]`;
    /// a form for an existing group that gives no fields keeps the group's.
    static func group(from form: FormFields, existing: [PopulationGroup]) throws -> PopulationGroup {
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let known = existing.first { $0.code == code }
        var visitDays: [AttentionLevel: Int] = [:]
        for level in AttentionLevel.allCases {
            // A known group keeps an interval the form leaves empty.
            guard let days = Int(form["days_\(level.rawValue)"] ?? "") ?? known?.visitDays[level] else {
                throw StoreError.invalid(
                    field: "visit_days", reason: "a visit interval is 1 to 3650 days for each attention level")
            }
            visitDays[level] = days
        }
        let visitFields = try Self.fields(form["visit_fields"] ?? "", field: "visit_fields")
        if var known, (form["fields"] ?? "").isEmpty {
            known.visitDays = visitDays
            if !visitFields.isEmpty { known.visitFields = visitFields }
            return known
        }
        return PopulationGroup(
            code: code, name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces),
            kind: form["kind"] == "special" ? .special : .care,
            fields: try Self.fields(form["fields"] ?? "", field: "fields"),
            visitDays: visitDays, managedBy: (form["managed_by"] ?? "").isEmpty ? nil : form["managed_by"],
            visitFields: visitFields.isEmpty ? known?.visitFields ?? [] : visitFields)
    }

    /// Typed fields one a line, `key,label,type[,option|option…]`.
    static func fields(_ text: String, field name: String) throws -> [PopulationGroup.Field] {
        var fields: [PopulationGroup.Field] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count >= 3, let type = PopulationGroup.Field.FieldType(rawValue: parts[2]) else {
                throw StoreError.invalid(
                    field: name,
                    reason: "line \(index + 1): write key,label,type with a type of text, date, number or choice")
            }
            let options = parts.count > 3 ? parts[3].split(separator: "|").map(String.init) : []
            fields.append(.init(key: parts[0], label: parts[1], type: type, options: options))
        }
        return fields
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, values extra: [String: Any],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let groups = try await store.scoped(to: caller).populationGroups()
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "",
            "saved": try request.queryParameters.get("saved") ?? "",
            "groups": groups.map { group in
                [
                    "code": group.code, "name": group.name,
                    "kind": strings["group_kind_" + group.kind.rawValue] ?? group.kind.rawValue,
                    "fields": group.fields.map(\.label).joined(separator: "、"),
                    "visit_fields": group.visitFields.map(\.label).joined(separator: "、"),
                    "days": AttentionLevel.allCases.map { level in
                        ["level": level.rawValue, "name": level.chineseName, "value": group.visitDays[level] ?? 0]
                            as [String: Any]
                    },
                ].withoutEmptyTexts
            },
            "levels": AttentionLevel.allCases.map { ["level": $0.rawValue, "name": $0.chineseName] },
        ]
        values.merge(extra) { $1 }
        return renderer.page(
            .adminGroups, title: strings["groups_title"] ?? "", request: request, context: context,
            values: values.withoutEmptyTexts, status: status)
    }
}

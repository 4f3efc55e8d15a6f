import Foundation
import GridCore
import GridStore
import Hummingbird

/// 平战转换 (emergency mode):
/// - `/center/emergency?region=`: the regions in emergency that concern the caller (above it and
///   within its area), a map of the area's children coloured by the level governing each, the recent
///   switches, and for command centres and admins the form to switch a region in, between levels
///   and back.
/// - `GET /api/v1/emergencies`, `POST /api/v1/emergencies` (`{"region","level","reason"}`, `level`
///   1–4, or null to switch back to peace).
struct EmergencyPages {
    let store: GridStore
    let renderer: PageRenderer

    static let viewers: Set<Role> = [.admin, .auditor, .centre, .leader, .station, .gridleader, .worker, .dept]

    func register(on router: Router<GridRequestContext>) {
        router.get("/center/emergency") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/emergency") }
            return try await PageErrors.rendering(renderer, request, context) {
                try await page(caller, request, context, error: nil)
            }
        }
        router.post("/center/emergency") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/center/emergency") }
            let form = try await FormFields.read(request, limit: context.maxUploadSize)
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                let region = form["region"] ?? ""
                do {
                    _ = try await store.scoped(to: caller).switchEmergency(
                        try RegionRoutes.code(region, field: "region"), to: try Self.level(form["level"] ?? ""),
                        reason: form["reason"] ?? "")
                } catch {
                    guard let apiError = APIError.from(error),
                        [.badRequest, .conflict, .notFound].contains(apiError.status)
                    else { throw error }
                    return try await page(
                        caller, request, context, error: PageErrors.describe(apiError, strings: strings),
                        status: apiError.status)
                }
                let back = form["view"].flatMap { try? RegionCode($0) }.map { "?region=\($0.digits)" } ?? ""
                return PageRenderer.redirect(to: "/center/emergency\(back)")
            }
        }
        router.get("/api/v1/emergencies") { _, context in
            let caller = try context.requireCaller()
            guard Self.viewers.contains(caller.role) else { throw StoreError.outOfScope("emergencies") }
            let scoped = store.scoped(to: caller)
            return JSONResponse([
                "emergencies": .array(try await scoped.emergencies().map(Self.json)),
                "switches": .array(try await scoped.emergencySwitches().map(Self.json)),
            ])
        }
        router.post("/api/v1/emergencies") { request, context in
            let members = try await request.decodeJSONObject(
                allowedFields: ["region", "level", "reason"], context: context)
            let level: EmergencyLevel?
            if let number = try members.optionalNumber("level") {
                guard let found = EmergencyLevel(rawValue: Int(exactly: number) ?? 0) else {
                    throw APIError.invalid("level", "must be 1, 2, 3 or 4 (Ⅰ to Ⅳ), or null to end the emergency")
                }
                level = found
            } else {
                level = nil
            }
            let region = try members.string("region")
            let reason = try members.string("reason")
            let switched = try await store.scoped(to: try context.requireCaller()).switchEmergency(
                try RegionRoutes.code(region, field: "region"), to: level, reason: reason)
            return JSONResponse(Self.json(switched))
        }
    }

    /// `1`–`4` (or a numeral) for a level, `0` or empty for peace.
    static func level(_ text: String) throws -> EmergencyLevel? {
        if ["", "0"].contains(text.trimmingCharacters(in: .whitespaces)) { return nil }
        guard let level = EmergencyLevel(text: text) else {
            throw APIError.invalid("level", "must be 1, 2, 3 or 4 (Ⅰ to Ⅳ), or 0 to end the emergency")
        }
        return level
    }

    static func json(_ state: EmergencyState) -> JSONValue {
        [
            "region": .string(state.region.digits), "level": .number(Double(state.level.rawValue)),
            "limit_share": .number(state.level.limitShare), "warning_share": .number(state.level.warningShare),
            "since": .string(ISO8601UTC.seconds(state.since)), "by": .string(state.actor),
            "reason": .string(state.reason),
        ]
    }

    static func json(_ change: EmergencySwitch) -> JSONValue {
        [
            "region": .string(change.region.digits),
            "level": change.level.map { .number(Double($0.rawValue)) } ?? .null,
            "at": .string(ISO8601UTC.seconds(change.at)), "by": .string(change.actor), "reason": .string(change.reason),
        ]
    }

    private func page(
        _ caller: Caller, _ request: Request, _ context: GridRequestContext, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard Self.viewers.contains(caller.role) else { throw StoreError.outOfScope("emergencies") }
        let strings = PageStrings.table(LoginPages.language(request))
        let scoped = store.scoped(to: caller)
        let node: RegionNode
        if let text = try request.queryParameters.get("region") {
            node = try await scoped.region(try RegionRoutes.code(text, field: "region"), childBoundaries: true)
        } else {
            node = try await scoped.topRegion(childBoundaries: true)
        }
        let map = try await store.emergencies()
        let states = try await scoped.emergencies()
        let switches = try await scoped.emergencySwitches()
        let names = try await scoped.names(
            of: Set(states.map(\.region.digits) + switches.map(\.region.digits)))
        func levelName(_ level: EmergencyLevel?) -> String {
            level.map { (strings["emergency_level_\($0.rawValue)"] ?? $0.numeral) }
                ?? (strings["emergency_peace"] ?? "")
        }
        func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
        let canSwitch = [.admin, .centre].contains(caller.role)
        var choices: [(RegionCode, String)] = node.region.map { [($0.code, $0.name)] } ?? []
        choices += node.children.filter { $0.code.level <= .grid }.map { ($0.code, $0.name) }
        var values: [String: Any] = [
            "csrf": context.session?.csrfToken ?? "", "error": error as Any,
            "area": node.region?.name ?? (strings["emergency_everywhere"] ?? ""),
            "view": node.region?.code.digits ?? "",
            "area_level": levelName(node.region.flatMap { map.level(at: $0.code) }),
            "area_class": node.region.flatMap { map.level(at: $0.code)?.colour } ?? "peace",
            "has_states": !states.isEmpty,
            "states": states.map { state in
                [
                    "region": state.region.digits, "name": names[state.region.digits] ?? state.region.digits,
                    "level": levelName(state.level), "colour": state.level.colour,
                    "limits": percent(state.level.limitShare), "warning": percent(state.level.warningShare),
                    "since": CaseFormatter.beijingTime(state.since), "by": state.actor, "reason": state.reason,
                    "can_end": canSwitch && caller.scope.contains(state.region),
                ] as [String: Any]
            },
            "has_switches": !switches.isEmpty,
            "switches": switches.map { change in
                [
                    "at": CaseFormatter.beijingTime(change.at),
                    "name": names[change.region.digits] ?? change.region.digits,
                    "level": levelName(change.level), "by": change.actor, "reason": change.reason,
                ] as [String: Any]
            },
            "can_switch": canSwitch,
            "choices": choices.map { ["code": $0.0.digits, "name": $0.1] },
            "levels": EmergencyLevel.allCases.map { level in
                [
                    "value": "\(level.rawValue)", "name": levelName(level), "limits": percent(level.limitShare),
                    "warning": percent(level.warningShare),
                ]
            },
        ]
        values["map"] =
            SVGMap.render(
                node.children,
                link: { "/center/emergency?region=\($0.code.digits)" },
                cssClass: { region in
                    if let level = map.level(at: region.code) { return "em-\(level.colour)" }
                    let range = region.code.subtreeRange
                    return map.states.keys.contains { range.contains($0.digits) } ? "em-partial" : "em-peace"
                },
                title: { region in "\(region.name) · \(levelName(map.level(at: region.code)))" },
                label: strings["emergency_map"] ?? "") ?? ""
        return renderer.page(
            .centreEmergency, title: strings["emergency_title"] ?? "", request: request, context: context,
            values: values, status: status)
    }
}

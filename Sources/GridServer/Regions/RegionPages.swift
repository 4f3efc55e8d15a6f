import GridCore
import GridStore
import Hummingbird

/// `/regions` and `/regions/{code}`: browse the territory tree in the browser, with a map of the
/// children, bounded by the caller's scope like every other route.
struct RegionPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/regions") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/regions") }
            return try await render(
                try await store.scoped(to: caller).topRegion(childBoundaries: true), request, context)
        }
        router.get("/regions/:code") { request, context in
            let text = try context.pathParameter("code")
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/regions/\(text)") }
            do {
                let code = try RegionRoutes.code(text, field: "code")
                return try await render(
                    try await store.scoped(to: caller).region(code, childBoundaries: true), request, context)
            } catch StoreError.outOfScope {
                return PageErrors.message(renderer, request, context, status: .forbidden, textKey: "forbidden_text")
            } catch let error as StoreError {
                guard case .notFound = error else { throw error }
                return PageErrors.message(renderer, request, context, status: .notFound, textKey: "not_found_text")
            } catch let error as APIError where error.status == .badRequest {
                return PageErrors.message(renderer, request, context, status: .notFound, textKey: "not_found_text")
            }
        }
    }

    private func render(_ node: RegionNode, _ request: Request, _ context: GridRequestContext) async throws -> Response
    {
        let language = LoginPages.language(request)
        let strings = PageStrings.table(language)
        let region = node.region
        let name = region?.name ?? strings["whole_territory"] ?? ""
        let values: [String: Any] = [
            "name": name,
            "code": region?.code.digits as Any,
            "parent_code": (region?.parentCode).flatMap { context.caller?.scope.contains($0) == true ? $0.digits : nil }
                as Any,
            "level_name": strings["level_" + (region?.level.name ?? "")] ?? strings["territory"] ?? "",
            "children": node.children.map { ["code": $0.code.digits, "name": $0.name] },
            "child_count": node.children.count,
            "map": SVGMap.render(node.children.isEmpty ? [region].compactMap { $0 } : node.children) as Any,
        ]
        return renderer.page(.region, title: name, request: request, context: context, values: values)
    }
}

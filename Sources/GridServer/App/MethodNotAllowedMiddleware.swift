import Hummingbird

/// Answers 405 with `Allow` when a path is served but not with the request's method (Hummingbird
/// answers 404 for both). Added after every route, so only requests no route matched reach it.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each served path with its methods.
    private let paths: [(path: RouterPath, methods: [HTTPRequest.Method])]

    init(routes: [Router<Context>.RouteDescription]) {
        let grouped = Dictionary(grouping: routes, by: { $0.path.description })
        paths = grouped.values.compactMap { group in group.first.map { ($0.path, group.map(\.method)) } }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        // The most literal matching path wins, as in the router (`/a/b` over `/a/:x`).
        let matching = paths.filter { Self.matches($0.path, segments) }
        guard let best = matching.max(by: { Self.literalCount($0.path) < Self.literalCount($1.path) }) else {
            return try await next(request, context)
        }
        let allowed = best.methods.map(\.rawValue).sorted().joined(separator: ", ")
        var error = APIError(
            .methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method.rawValue) is not served here; use \(allowed)")
        error.headers[.allow] = allowed
        throw error
    }

    private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        var index = 0
        for element in path {
            if element == .recursiveWildcard { return true }
            guard index < segments.count, element ~= segments[index] else { return false }
            index += 1
        }
        return index == segments.count
    }

    private static func literalCount(_ path: RouterPath) -> Int {
        path.filter { $0 == .path(Substring($0.description)) }.count
    }
}

import GridCore
import GridServer
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API description")
struct OpenAPITests {
    @Test("every API route the router serves is described in /api/openapi.json, and nothing else")
    func documentMatchesRouter() async throws {
        try await TestStore.with(.sqlite) { test in
            let router = try GridApplication.router(store: test.store)
            // Pages (/login, /regions…) are for browsers, not part of the API description.
            let apiRoutes = router.routes.filter { route in
                let path = route.path.description
                return path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics"
            }
            let served = Set(apiRoutes.map { route in
                let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                return "\(route.method.rawValue.lowercased()) /" + path.joined(separator: "/")
            })
            let app = Application(router: router)
            try await app.test(.router) { client in
                let result = try await client.call(.get, "/api/openapi.json")
                #expect(result.json["openapi"] == "3.1.0")
                guard case .object(let paths) = result.json["paths"] ?? .null else { Issue.record("no paths"); return }
                var described: Set<String> = []
                for (path, item) in paths {
                    guard case .object(let methods) = item else { continue }
                    for method in methods.keys { described.insert("\(method) \(path)") }
                }
                #expect(described == served)
            }
        }
    }
}

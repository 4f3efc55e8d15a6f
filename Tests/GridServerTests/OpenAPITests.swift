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
            let served = Set(
                apiRoutes.map { route in
                    let path = route.path.description.split(separator: "/").map {
                        $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                    }
                    return "\(route.method.rawValue.lowercased()) /" + path.joined(separator: "/")
                })
            let app = Application(router: router)
            try await app.test(.router) { client in
                let result = try await client.call(.get, "/api/openapi.json")
                #expect(result.json["openapi"] == "3.1.0")
                guard case .object(let paths) = result.json["paths"] ?? .null else {
                    Issue.record("no paths")
                    return
                }
                var described: Set<String> = []
                for (path, item) in paths {
                    guard case .object(let methods) = item else { continue }
                    for method in methods.keys { described.insert("\(method) \(path)") }
                }
                #expect(described == served)
            }
        }
    }

    @Test("the answers of /api/v1/regions match exactly one branch of its oneOf: the node, or the search")
    func regionAnswersAreOneBranch() async throws {
        try await APIHarness.with { _, client in
            let document = try await client.call(.get, "/api/openapi.json").json
            let branches = try #require(
                document["paths"]?["/api/v1/regions"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?[
                    "schema"]?["oneOf"]?.arrayValue)
            let schemas = try branches.map { branch in
                let name = try #require(branch["$ref"]?.stringValue?.split(separator: "/").last.map(String.init))
                return try #require(document["components"]?["schemas"]?[name])
            }
            let token = try await client.logIn("center")
            for uri in ["/api/v1/regions", "/api/v1/regions?q=西湖", "/api/v1/regions?limit=2"] {
                let answer = try await client.call(.get, uri, token: token)
                #expect(answer.status == .ok)
                #expect(schemas.filter { Self.shapeMatches(answer.json, $0) }.count == 1, "\(uri)")
            }
        }
    }

    @Test("every operation is named, says who may call it, and documents 401 and its JSON error")
    func operationsAreComplete() async throws {
        try await APIHarness.with { _, client in
            let document = try await client.call(.get, "/api/openapi.json").json
            guard case .object(let paths) = document["paths"] ?? .null else {
                Issue.record("no paths")
                return
            }
            var ids: [String] = []
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations {
                    ids.append(operation["operationId"]?.stringValue ?? "")
                    #expect(operation["security"]?.arrayValue != nil, "\(method) \(path)")
                    #expect(operation["responses"]?["401"] != nil, "\(method) \(path)")
                }
            }
            #expect(Set(ids).count == ids.count && !ids.contains(""))
        }
    }

    @Test("what the document calls invalid is refused, and a caller who may not write learns 403 whatever the body")
    func refusalsFollowTheDocument() async throws {
        try await APIHarness.with { _, client in
            let center = try await client.logIn("center")
            for state in ["", "reported,", ",reported"] {
                let r = try await client.call(.get, "/api/v1/cases?state=\(state)", token: center)
                #expect(r.status == .badRequest && r.errorField == "state", "state=\(state)")
            }
            let catalogue = try await client.call(
                .put, "/api/v1/categories", token: center, body: #"{"categories":[{"code":"","name":"","handler":""}]}"#
            )
            #expect(catalogue.status == .forbidden)
            let region = try await client.call(
                .put, "/api/v1/regions/330106001000", token: center, body: #"{"name":"x","boundary":{}}"#)
            #expect(region.status == .forbidden)
        }
    }

    /// Whether `value` has the shape of an object `schema`: its required members, and no others
    /// when the schema is closed (enough to tell the branches apart; types are schemathesis's job).
    static func shapeMatches(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        guard case .object(let members) = value, case .object(let properties) = schema["properties"] ?? .null else {
            return false
        }
        let required = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard required.allSatisfy({ members[$0] != nil }) else { return false }
        return schema["additionalProperties"] != false || members.keys.allSatisfy { properties[$0] != nil }
    }
}

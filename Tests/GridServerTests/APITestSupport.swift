import Foundation
import GridCore
import GridServer
import GridStore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore

/// An in-process application over a fresh demo store, and small helpers to call it.
struct APIHarness {
    let test: TestStore
    let app: Application<RouterResponder<GridRequestContext>>

    static func with(
        configuration: ServerConfiguration = ServerConfiguration(),
        _ body: @escaping @Sendable (APIHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            let app = Application(
                router: try GridApplication.router(
                    store: test.store, now: test.clock.provider, configuration: configuration))
            let harness = APIHarness(test: test, app: app)
            try await app.test(.router) { client in try await body(harness, client) }
        }
    }
}

struct APIResult {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: JSONValue

    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var errorField: String? { json["error"]?["field"]?.stringValue }
}

extension TestClientProtocol {
    /// A body is sent as JSON unless `headers` give another type.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> APIResult {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? JSONValue.null : ((try? JSONValue.parse(text)) ?? .string(text))
            return APIResult(status: response.status, headers: response.headers, json: json)
        }
    }

    func logIn(_ username: String, password: String = "demo") async throws -> String {
        let result = try await call(
            .post, "/api/v1/session", body: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard let token = result.json["token"]?.stringValue else {
            throw TestSupportError("login of \(username) failed: \(result.json)")
        }
        return token
    }
}

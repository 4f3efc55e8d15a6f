import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import GridServer

@Suite("API: health, sessions, errors")
struct SessionAPITests {
    @Test("health answers and metrics are served as text")
    func health() async throws {
        try await APIHarness.with { _, client in
            let health = try await client.call(.get, "/healthz")
            #expect(health.status == .ok && health.json["status"] == "ok")
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("login answers a bearer token and an HttpOnly SameSite cookie; a wrong password does not")
    func logIn() async throws {
        try await APIHarness.with { _, client in
            let ok = try await client.call(.post, "/api/v1/session", body: #"{"username":"center","password":"demo"}"#)
            #expect(ok.status == .ok)
            #expect(ok.json["user"]?["role"] == "center")
            #expect(ok.json["user"]?["scope"]?["region_code"] == "330106000000")
            let cookie = try #require(ok.headers[.setCookie])
            #expect(
                cookie.contains("gridgov_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let wrong = try await client.call(
                .post, "/api/v1/session", body: #"{"username":"center","password":"nope"}"#)
            #expect(
                wrong.status == .unauthorized && wrong.errorCode == "bad_credentials" && wrong.errorField == "password")
            let me = try await client.call(.get, "/api/v1/session", token: ok.json["token"]?.stringValue)
            #expect(me.json["user"]?["username"] == "center")
        }
    }

    @Test("the sixth wrong password in 15 minutes from one client is refused with Retry-After, until the window passes")
    func bruteForce() async throws {
        try await APIHarness.with { harness, client in
            for _ in 1...5 {
                let r = try await client.call(
                    .post, "/api/v1/session", body: #"{"username":"worker","password":"guess"}"#)
                #expect(r.status == .unauthorized)
            }
            let blocked = try await client.call(
                .post, "/api/v1/session", body: #"{"username":"worker","password":"demo"}"#)
            #expect(blocked.status == .tooManyRequests && blocked.errorCode == "too_many_attempts")
            #expect(blocked.headers[.retryAfter] == "900")
            harness.test.clock.advance(by: 901)
            _ = try await client.logIn("worker")
        }
    }

    /// A live server behind a trusted proxy on loopback, so each request can come from the client
    /// its `X-Forwarded-For` names.
    static func behindProxy(_ body: @escaping @Sendable (TestStore, any TestClientProtocol) async throws -> Void)
        async throws
    {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            let app = try GridApplication.application(
                store: test.store,
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, trustedProxies: ["127.0.0.1", "::1"]),
                now: test.clock.provider, logger: Logger(label: "test"))
            try await app.test(.live) { client in try await body(test, client) }
        }
    }

    static func logIn(_ client: some TestClientProtocol, _ username: String, _ password: String, from address: String)
        async throws -> APIResult
    {
        try await client.call(
            .post, "/api/v1/session", headers: [ClientAddressMiddleware.forwardedFor: address],
            body: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    @Test("an attacker's failures do not lock the owner out: the right password from another client still logs in")
    func ownerIsNotLockedOut() async throws {
        try await Self.behindProxy { _, client in
            for _ in 1...30 { _ = try await Self.logIn(client, "admin", "guess", from: "203.0.113.9") }
            let attacker = try await Self.logIn(client, "admin", "demo", from: "203.0.113.9")
            #expect(attacker.status == .tooManyRequests, "the guesser slows themself")
            let owner = try await Self.logIn(client, "admin", "demo", from: "198.51.100.7")
            #expect(owner.status == .ok, "the owner, elsewhere, is not refused")
        }
    }

    @Test("ever-new user names from one client are throttled by its address; other clients are not")
    func newNamesAreThrottledPerClient() async throws {
        try await Self.behindProxy { _, client in
            var statuses: [HTTPResponse.Status] = []
            for index in 1...21 {
                statuses.append(try await Self.logIn(client, "nobody\(index)", "guess", from: "203.0.113.9").status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .unauthorized })
            #expect(
                statuses.last == .tooManyRequests,
                "the 21st failure from one address in 15 minutes is refused before any check")
            #expect(try await Self.logIn(client, "worker", "demo", from: "198.51.100.7").status == .ok)
        }
    }

    @Test("without a trusted proxy, X-Forwarded-For is the client's own word and is ignored")
    func forwardedForIsIgnoredByDefault() async throws {
        try await APIHarness.with { _, client in
            for index in 1...21 {
                _ = try await client.call(
                    .post, "/api/v1/session", headers: [ClientAddressMiddleware.forwardedFor: "203.0.113.\(index)"],
                    body: #"{"username":"nobody\#(index)","password":"guess"}"#)
            }
            let refused = try await client.call(
                .post, "/api/v1/session", headers: [ClientAddressMiddleware.forwardedFor: "198.51.100.7"],
                body: #"{"username":"worker","password":"guess"}"#)
            #expect(refused.status == .tooManyRequests, "a forged header does not buy a fresh budget")
        }
    }

    @Test(
        "bad requests get a JSON error naming the field, and write nothing",
        arguments: [
            (#"{"username":"worker""#, "malformed_json", nil as String?),
            (#"["worker"]"#, "malformed_json", nil),
            (#"{"username":"worker","password":7}"#, "invalid", "password"),
            (#"{"username":"worker"}"#, "invalid", "password"),
            (#"{"username":"worker","password":"demo","admin":true}"#, "invalid", "admin"),
        ])
    func badBodies(body: String, code: String, field: String?) async throws {
        try await APIHarness.with { _, client in
            let r = try await client.call(.post, "/api/v1/session", body: body)
            #expect(r.status == .badRequest)
            #expect(r.errorCode == code)
            #expect(r.errorField == field)
        }
    }

    @Test(
        "a login body not sent as JSON (what a cross-site form or an untyped blob can send) is refused with 415",
        arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil])
    func notJSON(contentType: String?) async throws {
        try await APIHarness.with { _, client in
            let headers: HTTPFields = contentType.map { [.contentType: $0] } ?? [:]
            let status = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"username":"worker","password":"demo"}"#)
            ) { $0.status }
            #expect(status == .unsupportedMediaType)
        }
    }

    @Test("JSON is taken with parameters and as a +json type")
    func jsonTypes() async throws {
        try await APIHarness.with { _, client in
            for type in ["application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"] {
                let r = try await client.call(
                    .post, "/api/v1/session", headers: [.contentType: type],
                    body: #"{"username":"worker","password":"demo"}"#)
                #expect(r.status == .ok, "\(type)")
            }
        }
    }

    @Test("an oversize body is refused with 413")
    func oversize() async throws {
        try await APIHarness.with { _, client in
            let big = #"{"username":""# + String(repeating: "x", count: 2 << 20) + #"","password":"x"}"#
            let r = try await client.call(.post, "/api/v1/session", body: big)
            #expect(r.status == .contentTooLarge && r.errorCode == "too_large")
        }
    }

    @Test("unknown routes and missing or forged credentials answer JSON errors")
    func refusals() async throws {
        try await APIHarness.with { _, client in
            let missing = try await client.call(.get, "/api/v1/nothing-here")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
            let anonymous = try await client.call(.get, "/api/v1/regions")
            #expect(anonymous.status == .unauthorized && anonymous.errorCode == "unauthenticated")
            let forged = try await client.call(.get, "/api/v1/regions", token: "gs_forged")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test("a cookie session must echo its CSRF token to change anything")
    func csrf() async throws {
        try await APIHarness.with { _, client in
            let login = try await client.call(
                .post, "/api/v1/session", body: #"{"username":"admin","password":"demo"}"#)
            let token = try #require(login.json["token"]?.stringValue)
            let csrf = try #require(login.json["csrf_token"]?.stringValue)
            let cookie: HTTPFields = [.cookie: "gridgov_session=\(token)"]
            let read = try await client.call(.get, "/api/v1/regions", headers: cookie)
            #expect(read.status == .ok, "reads need no CSRF token")
            let body = #"{"name":"北山街道（新）","parent_code":"330106000000"}"#
            let forged = try await client.call(.put, "/api/v1/regions/330106001000", headers: cookie, body: body)
            #expect(forged.status == .forbidden && forged.errorCode == "csrf")
            var withToken = cookie
            withToken[AuthenticationHeaders.csrf] = csrf
            let allowed = try await client.call(.put, "/api/v1/regions/330106001000", headers: withToken, body: body)
            #expect(allowed.status == .ok && allowed.json["name"] == "北山街道（新）")
        }
    }
}

enum AuthenticationHeaders {
    static let csrf = HTTPField.Name("X-CSRF-Token")!
}

import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// How requests are read and responses typed, whatever the route: query strings as HTML forms
/// encode them, form text that must be UTF-8, photos that must be the images they claim, and
/// nothing a browser may sniff into HTML.
@Suite("HTTP: reading requests, typing responses")
struct RequestHygieneTests {
    typealias P = PageTests

    /// A case reported by the grid worker at its grid's seat, with `description`.
    static func report(_ client: any TestClientProtocol, _ description: String, token: String? = nil) async throws -> (
        number: String, trackingToken: String?
    ) {
        let (lat, lng) = try await CaseAPITests.seat(client, try await client.logIn("admin"))
        let created = try await client.call(
            .post, "/api/v1/cases", token: token,
            body: #"{"category":"HJ01","description":"\#(description)","lat":\#(lat),"lng":\#(lng)}"#)
        #expect(created.status == .created)
        return (try #require(created.json["number"]?.stringValue), created.json["tracking_token"]?.stringValue)
    }

    @Test("+ in a query string is a space, as HTML GET forms send it: the centre's search and a typed tracking code")
    func plusIsSpace() async throws {
        try await APIHarness.with { _, client in
            let (number, _) = try await Self.report(client, "楼道 垃圾堆放", token: try await client.logIn("worker"))
            let street = try await P.logIn(client, "street")
            let searched = try await CasePageTests.page(
                client, "/center?q=%E6%A5%BC%E9%81%93+%E5%9E%83%E5%9C%BE&state=", session: street)
            #expect(searched.status == .ok && searched.html.contains(number))

            let (residentCase, code) = try await Self.report(client, "路灯不亮")
            let typed = try #require(code).replacing("-", with: "+")
            let tracked = try await client.call(.get, "/track?number=\(residentCase)&token=\(typed)")
            #expect((tracked.json.stringValue ?? "").contains(#"<span id="case-state">已上报</span>"#))
        }
    }

    @Test("a query parameter that is not UTF-8 is refused naming it")
    func queryNotUTF8() async throws {
        try await APIHarness.with { _, client in
            let r = try await client.call(.get, "/api/v1/regions?q=%FF%FE", token: try await client.logIn("center"))
            #expect(r.status == .badRequest && r.errorField == "q")
        }
    }

    @Test("form text that is not UTF-8 is refused naming the field, urlencoded or multipart, never patched with U+FFFD")
    func formNotUTF8() async throws {
        try await APIHarness.with { _, client in
            let (lat, lng) = try await CaseAPITests.seat(client, try await client.logIn("admin"))
            let (cookie, csrf, _) = try await ResidentPageTests.formToken(client, "/report")
            var headers = P.formType
            headers[.cookie] = cookie
            let urlencoded = try await client.call(
                .post, "/report", headers: headers,
                body: "_csrf=\(csrf)&category=HJ01&description=%E6%A5%BC%FF%FE&lat=\(lat)&lng=\(lng)")
            #expect(urlencoded.status == .badRequest && urlencoded.errorField == "description")

            let boundary = "----gridgov-test-boundary"
            var body = ByteBuffer()
            for (name, value) in [("_csrf", csrf), ("category", "HJ01"), ("lat", "\(lat)"), ("lng", "\(lng)")] {
                body.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n")
            body.writeBytes([0xE6, 0xA5, 0xFF])
            body.writeString("\r\n--\(boundary)--\r\n")
            let multipart = try await client.execute(
                uri: "/report", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: body
            ) { response in
                (response.status, try JSONValue.parse(String(buffer: response.body)))
            }
            #expect(multipart.0 == .badRequest && multipart.1["error"]?["field"] == "description")
        }
    }

    @Test("a PNG signature followed by HTML is refused as a photo; images are served inline, unsniffed and sandboxed")
    func photosAreImages() async throws {
        try await APIHarness.with { _, client in
            let worker = try await client.logIn("worker")
            let (number, _) = try await Self.report(client, "垃圾", token: worker)
            let polyglot =
                TestImages.png().prefix(8) + Array("<html><script>alert(document.cookie)</script></html>".utf8)
            let refused = try await client.execute(
                uri: "/api/v1/cases/\(number)/attachments", method: .post,
                headers: [.authorization: "Bearer \(worker)", .contentType: "image/png"],
                body: ByteBuffer(bytes: polyglot)
            ) { response in
                (response.status, try JSONValue.parse(String(buffer: response.body)))
            }
            #expect(refused.0 == .badRequest && refused.1["error"]?["field"] == "file")
            #expect(refused.1["error"]?["message"]?.stringValue?.hasPrefix("is not a valid PNG image") == true)

            let png = TestImages.png()
            let uploaded = try await client.execute(
                uri: "/api/v1/cases/\(number)/attachments", method: .post,
                headers: [.authorization: "Bearer \(worker)"], body: ByteBuffer(bytes: png)
            ) { $0 }
            #expect(uploaded.status == .created)
            let sha256 = Journal.sha256Hex(png)
            let served = try await client.execute(
                uri: "/api/v1/cases/\(number)/attachments/\(sha256)", method: .get,
                headers: [.authorization: "Bearer \(worker)"]
            ) { $0 }
            #expect(served.status == .ok && served.headers[.contentType] == "image/png")
            #expect(served.headers[.xContentTypeOptions] == "nosniff")
            #expect(served.headers[.contentDisposition] == "inline; filename=\"\(sha256).png\"")
            #expect(served.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
        }
    }

    @Test("pages, JSON, errors and unknown paths are all sent with nosniff")
    func noSniffEverywhere() async throws {
        try await APIHarness.with { _, client in
            for uri in [
                "/login", "/api/v1/regions", "/api/openapi.json", "/healthz", "/no/such/page",
                "/api/v1/regions/nonsense",
            ] {
                let r = try await client.call(.get, uri)
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri) (\(r.status))")
            }
        }
    }

    @Test("a served path asked with another method answers 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await APIHarness.with { _, client in
            let token = try await client.logIn("center")
            for (method, uri, allowed) in [
                (HTTPRequest.Method.patch, "/api/v1/regions", "GET"),
                (.delete, "/api/v1/cases/330106-20261122-0001", "GET"),
                (.put, "/api/v1/session", "DELETE, GET, POST"),
            ] {
                let r = try await client.call(method, uri, token: token)
                #expect(
                    r.status == .methodNotAllowed && r.headers[.allow] == allowed
                        && r.errorCode == "method_not_allowed", "\(method) \(uri)")
            }
            #expect(try await client.call(.get, "/api/v1/nothing", token: token).status == .notFound)
        }
    }
}

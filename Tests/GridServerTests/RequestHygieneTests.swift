import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// How requests are read and responses typed, whatever the route: photos that must be the images
/// they claim, and nothing a browser may sniff into HTML.
@Suite("HTTP: reading requests, typing responses")
struct RequestHygieneTests {
    typealias P = PageTests

    /// A case reported by the grid worker at its grid's seat, with `description`.
    static func report(_ client: any TestClientProtocol, _ description: String, token: String? = nil) async throws -> (number: String, trackingToken: String?) {
        let (lat, lng) = try await CaseAPITests.seat(client, try await client.logIn("admin"))
        let created = try await client.call(.post, "/api/v1/cases", token: token,
                                            body: #"{"category":"HJ01","description":"\#(description)","lat":\#(lat),"lng":\#(lng)}"#)
        #expect(created.status == .created)
        return (try #require(created.json["number"]?.stringValue), created.json["tracking_token"]?.stringValue)
    }

    @Test("a PNG signature followed by HTML is refused as a photo; images are served inline, unsniffed and sandboxed")
    func photosAreImages() async throws {
        try await APIHarness.with { _, client in
            let worker = try await client.logIn("worker")
            let (number, _) = try await Self.report(client, "垃圾", token: worker)
            let polyglot = TestImages.png().prefix(8) + Array("<html><script>alert(document.cookie)</script></html>".utf8)
            let refused = try await client.execute(uri: "/api/v1/cases/\(number)/attachments", method: .post,
                                                   headers: [.authorization: "Bearer \(worker)", .contentType: "image/png"],
                                                   body: ByteBuffer(bytes: polyglot)) { response in
                (response.status, try JSONValue.parse(String(buffer: response.body)))
            }
            #expect(refused.0 == .badRequest && refused.1["error"]?["field"] == "file")
            #expect(refused.1["error"]?["message"]?.stringValue?.hasPrefix("is not a valid PNG image") == true)

            let png = TestImages.png()
            let uploaded = try await client.execute(uri: "/api/v1/cases/\(number)/attachments", method: .post,
                                                    headers: [.authorization: "Bearer \(worker)"], body: ByteBuffer(bytes: png)) { $0 }
            #expect(uploaded.status == .created)
            let sha256 = Journal.sha256Hex(png)
            let served = try await client.execute(uri: "/api/v1/cases/\(number)/attachments/\(sha256)", method: .get,
                                                  headers: [.authorization: "Bearer \(worker)"]) { $0 }
            #expect(served.status == .ok && served.headers[.contentType] == "image/png")
            #expect(served.headers[.xContentTypeOptions] == "nosniff")
            #expect(served.headers[.contentDisposition] == "inline; filename=\"\(sha256).png\"")
            #expect(served.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
        }
    }

    @Test("pages, JSON, errors and unknown paths are all sent with nosniff")
    func noSniffEverywhere() async throws {
        try await APIHarness.with { _, client in
            for uri in ["/login", "/api/v1/regions", "/api/openapi.json", "/healthz", "/no/such/page", "/api/v1/regions/nonsense"] {
                let r = try await client.call(.get, uri)
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri) (\(r.status))")
            }
        }
    }
}

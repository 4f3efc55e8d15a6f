import Foundation
import GridCore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages through what a browser sends: forms, cookies, redirects.
@Suite("Pages: login, browsing the tree, logout")
struct PageTests {
    /// `name=value` of a Set-Cookie header.
    static func cookie(_ headers: HTTPFields, _ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix(name + "=") }?.split(separator: ";").first.map(String.init)
    }

    static func form(_ fields: [String: String]) -> String {
        fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
    }

    static let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Logs in through the form and returns the session cookie.
    static func logIn(_ client: any TestClientProtocol, _ username: String) async throws -> String {
        let page = try await client.call(.get, "/login")
        let csrfCookie = try #require(cookie(page.headers, "gridgov_form_csrf"))
        let csrf = String(csrfCookie.dropFirst("gridgov_form_csrf=".count))
        var headers = formType
        headers[.cookie] = csrfCookie
        let result = try await client.call(
            .post, "/login", headers: headers, body: form(["username": username, "password": "demo", "_csrf": csrf]))
        #expect(result.status == .seeOther)
        return try #require(cookie(result.headers, "gridgov_session"))
    }

    @Test("the login page is Chinese by default, English on request, and keeps the user name on a wrong password")
    func loginForm() async throws {
        try await APIHarness.with { _, client in
            let zh = try await client.call(.get, "/login")
            #expect(zh.status == .ok)
            let zhText = zh.json.stringValue ?? ""
            #expect(
                zhText.contains("<html lang=\"zh-CN\">") && zhText.contains("用户名")
                    && zhText.contains("<label for=\"password\">"))
            let en = try await client.call(.get, "/login?lang=en")
            #expect((en.json.stringValue ?? "").contains("User name"))

            let csrfCookie = try #require(Self.cookie(zh.headers, "gridgov_form_csrf"))
            let csrf = String(csrfCookie.dropFirst("gridgov_form_csrf=".count))
            var headers = Self.formType
            headers[.cookie] = csrfCookie
            let wrong = try await client.call(
                .post, "/login", headers: headers,
                body: Self.form(["username": "worker", "password": "x", "_csrf": csrf]))
            #expect(wrong.status == .unauthorized)
            let text = wrong.json.stringValue ?? ""
            #expect(text.contains("用户名或密码错误") && text.contains("value=\"worker\""))
            let forged = try await client.call(
                .post, "/login", headers: Self.formType,
                body: Self.form(["username": "worker", "password": "demo", "_csrf": csrf]))
            #expect(forged.status == .forbidden, "no matching login cookie: a cross-site post")
            for next in ["/%09/evil.example", "//evil.example", "https://evil.example"] {
                let page = try await client.call(.get, "/login?next=\(next)")
                #expect(
                    (page.json.stringValue ?? "").contains(#"name="next" value="""#),
                    "no redirect target kept from \(next)")
            }
        }
    }

    @Test("a grid worker browses its grid, is refused another, and logs out only with the form's token")
    func browse() async throws {
        try await APIHarness.with { _, client in
            let session = try await Self.logIn(client, "worker")
            let top = try await client.call(.get, "/regions", headers: [.cookie: session])
            let html = top.json.stringValue ?? ""
            #expect(top.status == .ok && html.contains("330106001001001") && html.contains("<svg class=\"map\""))
            let other = try await client.call(.get, "/regions/330106001002001", headers: [.cookie: session])
            #expect(other.status == .forbidden && (other.json.stringValue ?? "").contains("无权访问"))
            let anonymous = try await client.call(.get, "/regions/330106000000")
            #expect(
                anonymous.status == .seeOther && anonymous.headers[.location] == "/login?next=/regions/330106000000")

            var headers = Self.formType
            headers[.cookie] = session
            let forged = try await client.call(.post, "/logout", headers: headers, body: "_csrf=wrong")
            #expect(forged.status == .forbidden)
            let csrf = try #require(html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let out = try await client.call(.post, "/logout", headers: headers, body: "_csrf=\(csrf)")
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            let after = try await client.call(.get, "/regions", headers: [.cookie: session])
            #expect(after.status == .seeOther, "the session is gone")
        }
    }

    @Test("the header links each role to the places it works in, as the features declare them")
    func headerLinks() async throws {
        try await APIHarness.with { _, client in
            for (username, expected) in [
                (
                    "worker",
                    [
                        "/m", "/regions", "/m/people", "/m/visits", "/m/patrol", "/reminders", "/m/campaigns",
                        "/disputes",
                    ]
                ),
                (
                    "center",
                    [
                        "/center", "/regions", "/center/field", "/reminders", "/center/assessment", "/center/hotspots",
                        "/center/wall", "/center/warnings", "/center/emergency", "/center/campaigns", "/disputes",
                    ]
                ),
                (
                    "admin",
                    [
                        "/center", "/regions", "/reminders", "/center/assessment", "/center/warnings",
                        "/center/emergency",
                        "/center/campaigns", "/disputes", "/admin",
                    ]
                ),
            ] {
                let session = try await Self.logIn(client, username)
                let page = try await client.call(.get, "/regions", headers: [.cookie: session])
                let header = try #require(
                    (page.json.stringValue ?? "").firstMatch(
                        of: /<nav aria-label="主导航">(.*?)<\/nav>/.dotMatchesNewlines()))
                let links = header.1.matches(of: /href="([^"]+)"/).map { String($0.1) }
                #expect(links == expected, "\(username)")
            }
        }
    }

    @Test("the county centre sees its streets on the map, each a link")
    func countyMap() async throws {
        try await APIHarness.with { _, client in
            let session = try await Self.logIn(client, "center")
            let page = try await client.call(.get, "/regions", headers: [.cookie: session])
            let html = page.json.stringValue ?? ""
            #expect(html.contains("西湖区"))
            #expect(html.matches(of: /<a href="\/regions\/330106\d{3}000" aria-label/).count == 10)
        }
    }
}

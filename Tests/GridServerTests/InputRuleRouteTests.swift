import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// What an outside probe tried: megabytes in one "character", NUL in text and filters, patterns
/// in filter values, administrators taking each other over.
@Suite("Routes: free text, filters and peer administrators")
struct InputRuleRouteTests {
    typealias P = PageTests

    @Test("oversized and control-character text is 400 naming the field; filters are not patterns")
    func textAndFilters() async throws {
        try await APIHarness.with { _, client in
            let worker = try await client.logIn("worker")
            let (lat, lng) = try await CaseAPITests.seat(client, worker)
            let accents = String(repeating: #"\u0301"#, count: 2000)
            for description in ["e" + accents, #"垃圾\u0000堆放"#] {
                let refused = try await client.call(
                    .post, "/api/v1/cases", token: worker,
                    body: #"{"category":"HJ01","description":"\#(description)","lat":\#(lat),"lng":\#(lng)}"#)
                #expect(refused.status == .badRequest && refused.errorField == "description")
            }
            let created = try await client.call(
                .post, "/api/v1/cases", token: worker,
                body: #"{"category":"HJ01","description":"楼道垃圾","lat":\#(lat),"lng":\#(lng)}"#)
            #expect(created.status == .created)
            let street = try await client.logIn("street")
            let all = try await client.call(.get, "/api/v1/cases", token: street)
            #expect(all.json["cases"]?.arrayValue?.count == 1, "only the accepted report was written")
            for pattern in ["%25", "_", "H_01"] {
                let filtered = try await client.call(.get, "/api/v1/cases?category=\(pattern)", token: street)
                #expect(
                    filtered.status == .ok && filtered.json["cases"]?.arrayValue?.isEmpty == true, "category=\(pattern)"
                )
            }
            let nul = try await client.call(.get, "/api/v1/cases?q=%00", token: street)
            #expect(nul.status == .badRequest && nul.errorField == "q")
        }
    }

    @Test("queue rows summarise a description in code points, not in grapheme clusters")
    func summaries() async throws {
        try await APIHarness.with { harness, client in
            let seat = try await CasePageTests.seat(harness)
            let accents = String(repeating: "\u{301}", count: 1990)
            let number = try await harness.test.store.scoped(
                to: Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001")))
            ).report(
                CaseReport(
                    category: "HJ01", description: "垃圾e" + accents, location: seat, channel: .patrol)
            ).record.number
            let street = try await P.logIn(client, "street")
            let centre = try await CasePageTests.page(client, "/center", session: street)
            #expect(centre.status == .ok && centre.html.contains(#"href="/cases/\#(number)""#))
            #expect(
                !centre.html.contains(String(repeating: "\u{301}", count: 100)), "the summary is cut at 60 code points")
            #expect(centre.html.utf8.count < 100_000)
        }
    }

    @Test("a county's administrator is offered no change to a peer administrator, and a forged one is 403")
    func peerAdministrators() async throws {
        try await APIHarness.with { harness, client in
            let county = AccessScope.region(try RegionCode("330106"))
            for name in ["cadmin1", "cadmin2"] {
                try await harness.test.store.addUser(
                    Account(username: name, displayName: name, role: .admin, scope: county),
                    password: "demo", by: .system("t"))
            }
            let admin = try await AdminPageTests.Browser.logIn(client, "cadmin1")
            let list = try await admin.get("/admin/accounts")
            #expect(list.html.contains(#"id="disable-worker""#) && !list.html.contains(#"id="disable-cadmin2""#))
            #expect(!list.html.contains(#"<option value="cadmin2""#), "nor offered for a password reset")
            let disabled = try await admin.post("/admin/accounts/disable", ["username": "cadmin2"])
            #expect(disabled.status == .forbidden && disabled.html.contains("超出您的管理范围"))
            let reset = try await admin.post(
                "/admin/accounts/password", ["reset_username": "cadmin2", "new_password": "taken-over"])
            #expect(reset.status == .forbidden)
            #expect(try await harness.test.store.logIn(username: "cadmin2", password: "demo") != nil)
        }
    }
}

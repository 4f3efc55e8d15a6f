import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 走访 on the phone: the worker's due list, the visit form with the person's groups' questions,
/// a bad answer named, a visit that raises a case, and the person's page listing the visit.
@Suite("Pages: visits")
struct VisitPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("a worker sees who is due, records a visit that raises a case, and the person's page shows it")
    func visitRound() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            let file = "姓名,公民身份号码,网格编码\n张三,33010619850612004X,330106001001001\n"
            _ = try await admin.upload("/admin/registries/people", [:], files: [("people", "p.csv", file)])
            let worker = harness.test.store.scoped(
                to: Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001"))))
            let zhang = try #require(try await worker.people(inGrid: try RegionCode("330106001001001")).first)
            try await worker.markKeyPerson(
                id: zhang.id, county: "330106", group: "03", attention: .serious, details: [:])

            let browser = try await Browser.logIn(client, "worker")
            let due = try await browser.get("/m/visits")
            #expect(due.status == .ok && due.html.contains(#"id="visits-today""#) && due.html.contains("张三"))
            let form = try await browser.get("/m/visits/new?person=\(zhang.id)&county=330106")
            #expect(form.status == .ok && form.html.contains("按时服药") && form.html.contains("当前危险性等级"))
            var fields = [
                "person_id": zhang.id, "county": "330106", "a_03_danger_now": "9", "attention_03": "2",
                "finding": "服药不规律",
            ]
            let bad = try await browser.post("/m/visits", fields)
            #expect(bad.status == .badRequest && bad.html.contains("“9”不在 0 至 5 之间"))
            #expect(bad.html.contains("服药不规律"), "what was typed stays")
            fields["a_03_danger_now"] = "2"
            fields["raise_case"] = "on"
            fields["case_category"] = "HJ01"
            fields["case_description"] = "楼道堆放杂物"
            let saved = try await browser.post("/m/visits", fields)
            #expect(saved.location?.hasPrefix("/m/visits?saved=1&case=330106-") == true)
            let after = try await browser.get("/m/visits?saved=1")
            #expect(after.html.contains(#"id="visit-saved""#) && after.html.contains(#"id="visits-later""#))
            let page = try await browser.get("/m/people/330106/\(zhang.id)")
            #expect(page.html.contains(#"id="visits""#) && page.html.contains("服药不规律"))
            #expect(page.html.contains("中等"), "the attention level changed")
            // Another grid's worker may not visit them.
            let other = try await Browser.logIn(client, "worker2")
            #expect(try await other.post("/m/visits", fields).status == .forbidden)
        }
    }
}

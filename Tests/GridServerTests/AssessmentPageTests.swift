import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 研判考评 through the page, its exports, the API and the weights' administration.
@Suite("Pages: assessment")
struct AssessmentPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("a reported and handled case shows in the figures; exports, refusals and bad periods")
    func assessment() async throws {
        try await APIHarness.with { harness, client in
            let token = try await client.logIn("worker")
            let seat = try await CasePageTests.seat(harness)
            let reported = try await client.call(
                .post, "/api/v1/cases", token: token,
                body: #"{"category":"HJ01","description":"垃圾堆放","lat":\#(seat.lat),"lng":\#(seat.lng)}"#)
            #expect(reported.status == .created)

            let centre = try await client.logIn("center")
            let api = try await client.call(.get, "/api/v1/assessment?from=2026-11-01&to=2026-11-30", token: centre)
            #expect(api.status == .ok && api.json["name"] == "西湖区")
            let valid = api.json["indicators"]?.arrayValue?.first { $0["id"] == "valid_report_rate" }
            #expect(valid?["denominator"] == 1 && valid?["numerator"] == 0, "one patrol report, not registered yet")
            #expect(valid?["definition"]?.stringValue?.contains("网格员巡查上报") == true)
            #expect(api.json["children"]?.arrayValue?.isEmpty == false)
            #expect(api.json["departments"]?.arrayValue?.count == 6)
            #expect(api.json["daily"]?.arrayValue?.count == 30)

            let bad = try await client.call(.get, "/api/v1/assessment?from=2026-11-30&to=2026-11-01", token: centre)
            #expect(bad.status == .badRequest && bad.errorField == "from")
            let long = try await client.call(.get, "/api/v1/assessment?from=2020-01-01&to=2026-11-01", token: centre)
            #expect(long.status == .badRequest && long.errorField == "to")
            let empty = try await client.call(.get, "/api/v1/assessment?region=", token: centre)
            #expect(empty.status == .badRequest && empty.errorField == "region", "\(empty.status) \(empty.json)")
            let half = try await client.call(.get, "/api/v1/assessment?to=2026-11-01", token: centre)
            #expect(half.status == .badRequest && half.errorField == "from")
            let kind = try await client.call(.get, "/api/v1/assessment?period=year", token: centre)
            #expect(kind.status == .badRequest && kind.errorField == "period")
            let elsewhere = try await client.call(
                .get, "/api/v1/assessment?region=330106001002001", token: token)
            #expect(elsewhere.status == .forbidden, "a grid worker sees their own grid only")
            let resident = try await client.call(.get, "/api/v1/assessment", token: try await client.logIn("resident"))
            #expect(resident.status == .forbidden)

            let browser = try await Browser.logIn(client, "center")
            let page = try await browser.get("/center/assessment?from=2026-11-01&to=2026-11-30")
            #expect(page.status == .ok && page.html.contains(#"id="indicator-valid_report_rate""#))
            #expect(page.html.contains("0 / 1") && page.html.contains(#"<svg class="chart trend""#))
            #expect(page.html.contains(#"id="departments""#) && page.html.contains("@page { size:A4"))
            let hotspots = try await browser.get("/center/hotspots?region=330106001&from=2026-11-01&to=2026-11-30")
            #expect(hotspots.status == .ok && hotspots.html.contains(#"id="hotspot-map""#))
            let spots = try await client.call(
                .get, "/api/v1/hotspots?region=330106001001&from=2026-11-01&to=2026-11-30", token: centre)
            let reportedGrid = spots.json["grids"]?.arrayValue?.first { $0["grid"] == "330106001001001" }
            #expect(spots.status == .ok && reportedGrid?["count"] == 1)
            let badBand = try await client.call(.get, "/api/v1/hotspots?distance=0", token: centre)
            #expect(badBand.status == .badRequest && badBand.errorField == "distance")
            let province = try await client.call(.get, "/api/v1/hotspots?region=33", token: centre)
            #expect(province.status == .forbidden)
            let csv = try await browser.get("/center/assessment.csv?from=2026-11-01&to=2026-11-30")
            #expect(csv.status == .ok && csv.html.contains("有效上报率,0.0%,0,1,"))
        }
    }

    @Test("warnings, reminders and the wall screen answer their roles and refuse the others")
    func warningsRemindersWall() async throws {
        try await APIHarness.with { harness, client in
            let centre = try await Browser.logIn(client, "center")
            let warnings = try await centre.get("/center/warnings")
            #expect(warnings.status == .ok && warnings.html.contains(#"id="warnings-none""#))
            let wall = try await centre.get("/center/wall")
            #expect(wall.status == .ok && wall.html.contains(#"id="wall""#) && wall.html.contains("wall.js"))
            #expect(wall.html.contains(#"class="gmap""#), "the live map component")
            let worker = try await Browser.logIn(client, "worker")
            #expect(try await worker.get("/center/wall").status == .forbidden)
            #expect(try await worker.get("/center/warnings").status == .forbidden)
            let reminders = try await worker.get("/reminders")
            #expect(reminders.status == .ok && reminders.html.contains("我的提醒"))

            let token = try await client.logIn("center")
            let bad = try await client.call(.get, "/api/v1/warnings?open=maybe", token: token)
            #expect(bad.status == .badRequest && bad.errorField == "open")
            let missing = try await client.call(
                .post, "/api/v1/warnings/330106/surge-x/acknowledge", token: token, body: #"{"note":"已处理"}"#)
            #expect(missing.status == .notFound)
            let listed = try await client.call(.get, "/api/v1/reminders", token: try await client.logIn("worker"))
            #expect(listed.status == .ok && listed.json["reminders"]?.arrayValue != nil)
        }
    }

    @Test("weights that do not sum to 100% are refused, naming the post and the sum; a valid set is kept")
    func weights() async throws {
        try await APIHarness.with { harness, client in
            let admin = try await Browser.logIn(client, "admin")
            let refused = try await admin.post(
                "/admin/assessment",
                ["post": "dispatcher", "on_time_dispatch_rate": "40", "accurate_dispatch_rate": "30"])
            #expect(refused.status == .badRequest && refused.html.contains("派遣员: 权重之和为 70%，必须等于 100%"))
            let typo = try await admin.post("/admin/assessment", ["post": "dispatcher", "on_time_dispatch_rate": "4o"])
            #expect(typo.status == .badRequest && typo.html.contains("“4o” 不是数字"))
            let saved = try await admin.post(
                "/admin/assessment",
                ["post": "dispatcher", "on_time_dispatch_rate": "70", "accurate_dispatch_rate": "30"])
            #expect(saved.location == "/admin/assessment?saved=dispatcher")
            let schemes = try await harness.test.store.assessmentSchemes()
            #expect(schemes[.dispatcher]?.weights == [.onTimeDispatchRate: 70, .accurateDispatchRate: 30])
            let centre = try await Browser.logIn(client, "center")
            #expect(try await centre.post("/admin/assessment", ["post": "dispatcher"]).status == .forbidden)
        }
    }
}

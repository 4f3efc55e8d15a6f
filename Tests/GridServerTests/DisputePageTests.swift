import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 矛盾纠纷 through the pages and the API: a grid worker registers, the workstation accepts and
/// assigns, the mediator records a session and an agreement, which prints for signature.
@Suite("Pages: disputes")
struct DisputePageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("registered on the page, mediated step by step, the agreement printed; minutes private; refusals")
    func mediation() async throws {
        try await APIHarness.with { _, client in
            let worker = try await Browser.logIn(client, "worker")
            let empty = try await worker.get("/disputes")
            #expect(empty.status == .ok && empty.html.contains(#"id="disputes-none""#))
            let alone = try await worker.post(
                "/disputes",
                [
                    "grid": "330106001001001", "kind": "neighbour", "risk": "medium", "source": "screening",
                    "people_involved": "2", "parties": "王五", "summary": "楼上漏水",
                ])
            #expect(alone.status == .badRequest && alone.html.contains("当事人须为 2 至 20 位"))
            let registered = try await worker.post(
                "/disputes",
                [
                    "grid": "330106001001001", "kind": "neighbour", "risk": "medium", "source": "screening",
                    "people_involved": "2", "parties": "王五\n赵六", "summary": "楼上漏水渗到楼下",
                ])
            let location = try #require(registered.location)
            #expect(registered.status == .seeOther && location.hasPrefix("/disputes/330106/"))
            let fresh = try await worker.get(location)
            #expect(
                fresh.html.contains(#"id="dispute-deadline""#) && fresh.html.contains("s-normal"), "the step's limit")

            let station = try await Browser.logIn(client, "station")
            #expect(try await station.post(location, ["action": "accept"]).status == .seeOther)
            #expect(
                try await station.post(
                    location, ["action": "assign", "mediators": "街道调解员,community,street\n老娘舅,volunteer"]
                )
                .status == .seeOther)
            let street = try await Browser.logIn(client, "street")
            let session = try await street.post(
                location, ["action": "session", "minutes": "双方同意修缮防水", "attendance": "王五、赵六"])
            #expect(session.status == .seeOther)
            let noText = try await street.post(location, ["action": "agree", "agreement": ""])
            #expect(noText.status == .badRequest)
            #expect(
                try await street.post(location, ["action": "agree", "agreement": "王五十日内修缮防水层"]).status == .seeOther)

            let mediatorView = try await street.get(location)
            #expect(mediatorView.html.contains("双方同意修缮防水") && mediatorView.html.contains("已达成协议"))
            let workerView = try await worker.get(location)
            #expect(!workerView.html.contains("双方同意修缮防水") && workerView.html.contains("调解记录仅调解员和调委会可见"))
            let sheet = try await worker.get(location + "/agreement")
            #expect(sheet.status == .ok && sheet.html.contains("人民调解协议书") && sheet.html.contains("王五十日内修缮防水层"))

            let assessment = try await street.get("/center/assessment?period=day")
            #expect(
                assessment.status == .ok && assessment.html.contains(#"id="dispute-figures""#)
                    && assessment.html.contains("调解成效"), "the mediation record beside the assessment")
            let departmentAssessment = try await Browser.logIn(client, "dept").get("/center/assessment?period=day")
            #expect(
                !departmentAssessment.html.contains(#"id="dispute-figures""#), "a department does not work disputes")

            let token = try await client.logIn("station")
            let list = try await client.call(.get, "/api/v1/disputes", token: token)
            #expect(
                list.status == .ok && list.json["figures"]?["agreed"] == 1 && list.json["figures"]?["success_rate"] == 1
            )
            let badKind = try await client.call(
                .post, "/api/v1/disputes", token: token,
                body:
                    #"{"grid":"330106001001001","kind":"war","summary":"xx","people_involved":2,"risk":"low","source":"resident","parties":[{"name":"甲"},{"name":"乙"}]}"#
            )
            #expect(badKind.status == .badRequest && badKind.errorField == "kind")
            let parts = location.split(separator: "/")
            let other = try await client.call(
                .get, "/api/v1/disputes/\(parts[1])/\(parts[2])", token: try await client.logIn("worker2"))
            #expect(other.status == .forbidden, "another community's grid worker")
        }
    }
}

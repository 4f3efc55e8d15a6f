import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 安全隐患排查 on the phone: the plan lists the shop, its checklist is answered item by item, a
/// failed item becomes a case; an administrator edits a checklist and a bad line is named.
@Suite("Pages: inspections")
struct InspectionPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("a worker inspects a shop from the plan; a failed item becomes a case; an admin edits a checklist")
    func inspectShop() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            let units = "单位名称,统一社会信用代码,网格编码,单位标识\n西湖小吃店,91350100M000100Y43,330106001001001,九小场所\n"
            _ = try await admin.upload("/admin/registries/units", [:], files: [("units", "u.csv", units)])
            let worker = try await Browser.logIn(client, "worker")
            let plan = try await worker.get("/m/inspections")
            #expect(plan.status == .ok && plan.html.contains("西湖小吃店") && plan.html.contains("风险 高"))
            let form = try await worker.get("/m/inspections/new?place=unit&code=91350100M000100Y43&county=330106")
            #expect(form.status == .ok && form.html.contains("九小场所消防安全") && form.html.contains("灭火器配置齐全有效"))
            let fields = [
                "place": "unit", "code": "91350100M000100Y43", "county": "330106", "checklist": "XF9",
                "i_exits": "fail", "n_exits": "后门堆放纸箱", "i_extinguishers": "pass",
            ]
            let bad = try await worker.post("/m/inspections", fields.merging(["i_roof": "fail"]) { $1 })
            #expect(bad.status == .badRequest && bad.html.contains(#"id="inspection-error""#))
            let saved = try await worker.post("/m/inspections", fields)
            #expect(saved.location == "/m/inspections?saved=1&grid=330106001001001&cases=1")
            let again = try await worker.get("/m/inspections/new?place=unit&code=91350100M000100Y43&county=330106")
            #expect(again.html.contains(#"id="inspection-history""#) && again.html.contains("330106-"))
            #expect(
                try await Browser.logIn(client, "worker2").get(
                    "/m/inspections/new?place=unit&code=91350100M000100Y43&county=330106"
                ).status == .forbidden)

            let checklists = try await admin.get("/admin/checklists")
            #expect(checklists.status == .ok && checklists.html.contains("exits,安全出口、疏散通道畅通,AQ01"))
            let wrong = try await admin.post(
                "/admin/checklists",
                ["code": "WJ", "name": "文化场所", "place_unit": "on", "rectify_days": "7", "items": "exits;出口"])
            #expect(wrong.status == .badRequest && wrong.html.contains("第 1 行"))
            let added = try await admin.post(
                "/admin/checklists",
                ["code": "WJ", "name": "文化场所", "place_unit": "on", "rectify_days": "7", "items": "exits,出口畅通,AQ01"])
            #expect(added.location == "/admin/checklists?saved=WJ")
            #expect(try await worker.get("/admin/checklists").status == .forbidden)
        }
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 走访排查 through the pages and the API: the centre starts a campaign from the example, a worker
/// records a household on the phone page, the report and its workbook show it.
@Suite("Pages: screening campaigns")
struct CampaignPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("started from the example, recorded on the phone, counted in the report, exported; refusals")
    func campaign() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = Caller.system("test")
            let houses = """
                地址,楼栋,单元,室,网格编码,用途
                文三路12号,3,2,501,330106001001001,出租
                文三路12号,3,2,502,330106001001001,自住
                文三路12号,三栋,1,101,330106001001001,经营

                """
            _ = try await store.importHouses(Array(houses.utf8), source: "h.csv", by: admin)
            _ = try await store.importPeople(
                utf8OrGBK: Array("姓名,网格编码,住址\n张三,330106001001001,文三路12号3幢2单元501室\n".utf8), source: "p.csv",
                by: admin)

            let centre = try await Browser.logIn(client, "center")
            let empty = try await centre.get("/center/campaigns")
            #expect(empty.status == .ok && empty.html.contains(#"id="campaigns-none""#))
            #expect(empty.html.contains("防汛入户排查"), "the form starts from the example")
            let broken = try await centre.post(
                "/center/campaigns", ["region": "330106001000", "definition": #"{"title":"x"}"#])
            #expect(broken.status == .badRequest && broken.html.contains("不是有效的排查定义"))
            let started = try await centre.post(
                "/center/campaigns", ["region": "330106001000", "definition": CampaignPages.exampleDefinition])
            let location = try #require(started.location)
            #expect(started.status == .seeOther && location.hasPrefix("/center/campaigns/330106/"))
            let overlap = try await centre.post(
                "/center/campaigns", ["region": "330106000000", "definition": CampaignPages.exampleDefinition])
            #expect(overlap.status == .conflict)

            let worker = try await Browser.logIn(client, "worker")
            let list = try await worker.get("/m/campaigns")
            #expect(list.html.contains("防汛入户排查") && list.html.contains("0 / 3"))
            let phoneLocation = location.replacingOccurrences(of: "/center/", with: "/m/")
            let phone = try await worker.get(phoneLocation)
            #expect(phone.html.contains(#"id="campaign-form""#) && phone.html.contains("data-offline-queue"))
            let task = try #require(
                phone.html.firstMatch(of: /<option value="(330106\/[^"]+)">文三路12号3幢2单元501室/).map { String($0.1) })
            let missing = try await worker.post(phoneLocation, ["task": task, "q_at_home": "是"])
            #expect(missing.status == .badRequest && missing.html.contains("房屋险情: 必填"), "named by its question")
            let saved = try await worker.post(
                phoneLocation,
                ["task": task, "q_at_home": "是", "q_people": "2", "q_vulnerable": "否", "q_house_risk": "开裂"])
            #expect(saved.status == .seeOther)
            let after = try await worker.get(phoneLocation)
            #expect(after.html.contains("橙码") && !after.html.contains(#"<option value="\#(task)">"#))

            let report = try await centre.get(location + "?region=330106001001")
            #expect(report.status == .ok && report.html.contains(#"data-visited="1""#))
            #expect(report.html.contains(#"data-region="330106001001001""#) && report.html.contains("<svg"))
            let grid = try await centre.get(location + "?region=330106001001001")
            #expect(
                grid.html.contains(#"id="campaign-buildings""#) && grid.html.contains(#"data-building-risk="orange""#),
                "the grid's buildings in their worst household's status")
            let houseList = try await worker.get("/m/houses?grid=330106001001001")
            #expect(houseList.html.contains(#"data-household-risk="orange""#), "the worker's house list shows it")

            let workbook = try await client.call(
                .get, location + "/report.xlsx", headers: [.cookie: centre.cookie])
            #expect(workbook.status == .ok && workbook.headers[.contentType] == Workbook.contentType)
            let csv = try await client.call(.get, location + "/report.csv", headers: [.cookie: centre.cookie])
            #expect(csv.status == .ok && csv.json.stringValue?.contains("区域,应排查,已排查,覆盖率") == true, "\(csv.json)")

            let token = try await client.logIn("worker2")
            let parts = location.split(separator: "/")
            let api = try await client.call(.get, "/api/v1/campaigns/\(parts[2])/\(parts[3])", token: token)
            #expect(api.status == .ok && api.json["coverage"]?["visited"] == 0, "worker2's own grid: none visited")
            let elsewhere = try await client.call(
                .post, "/api/v1/campaigns/\(parts[2])/\(parts[3])/tasks/\(task)", token: token,
                body: #"{"answers":{"at_home":"否","house_risk":"无"}}"#)
            #expect(elsewhere.status == .forbidden, "another grid's household")
        }
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 平战转换 through the page, every page's notice and the API.
@Suite("Pages: emergency mode")
struct EmergencyPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("the county switches a street into Ⅱ: the map, the worker's notice, the API; refusals; back to peace")
    func switchAndBack() async throws {
        try await APIHarness.with { _, client in
            let centre = try await Browser.logIn(client, "center")
            let empty = try await centre.get("/center/emergency")
            #expect(empty.status == .ok && empty.html.contains(#"id="emergency-none""#))
            #expect(empty.html.contains("<svg") && empty.html.contains(#"class="em-peace""#))

            let noReason = try await centre.post(
                "/center/emergency", ["region": "330106001000", "level": "2", "reason": " "])
            #expect(noReason.status == .badRequest && noReason.html.contains("请填写 2 至 500 字的原因"))
            let badLevel = try await centre.post(
                "/center/emergency", ["region": "330106001000", "level": "5", "reason": "防汛"])
            #expect(badLevel.status == .badRequest && badLevel.html.contains("Ⅰ至Ⅳ级"))
            let switched = try await centre.post(
                "/center/emergency", ["region": "330106001000", "level": "2", "reason": "防汛Ⅱ级应急响应"])
            #expect(switched.status == .seeOther)
            let page = try await centre.get("/center/emergency")
            #expect(page.html.contains(#"data-region="330106001000""#) && page.html.contains("Ⅱ级（重大）"))
            #expect(page.html.contains(#"class="em-orange""#), "the street is coloured by its level on the map")
            #expect(page.html.contains("辖区内有 1 个区域处于应急状态（最高Ⅱ级）"), "the county's notice")

            let worker = try await Browser.logIn(client, "worker")
            let phone = try await worker.get("/m")
            #expect(phone.html.contains("处于Ⅱ级应急响应，办理时限缩短为平时的 50%"), "the grid worker's every page")
            let worker2 = try await Browser.logIn(client, "worker2")
            #expect((try await worker2.get("/m")).html.contains("处于Ⅱ级应急响应"), "another community of the street")
            let department = try await Browser.logIn(client, "dept")
            #expect(!(try await department.get("/center")).html.contains("应急"), "the county's department is at peace")

            let token = try await client.logIn("worker")
            let api = try await client.call(.get, "/api/v1/emergencies", token: token)
            #expect(api.status == .ok && api.json["emergencies"]?.arrayValue?.first?["level"] == 2)
            let refused = try await client.call(
                .post, "/api/v1/emergencies", token: token,
                body: #"{"region":"330106001001001","level":1,"reason":"擅自"}"#)
            #expect(refused.status == .forbidden)
            let county = try await client.logIn("center")
            let fractional = try await client.call(
                .post, "/api/v1/emergencies", token: county, body: #"{"region":"330106001","level":1.5,"reason":"防汛"}"#)
            #expect(fractional.status == .badRequest && fractional.errorField == "level")
            let ended = try await client.call(
                .post, "/api/v1/emergencies", token: county, body: #"{"region":"330106001","level":null,"reason":"解除"}"#
            )
            #expect(ended.status == .ok && ended.json["level"] == .null)
            #expect(!(try await worker.get("/m")).html.contains("应急响应"))
            let twice = try await client.call(
                .post, "/api/v1/emergencies", token: county, body: #"{"region":"330106001","level":null,"reason":"解除"}"#
            )
            #expect(twice.status == .conflict)
        }
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// The base-data pages: an administrator imports people and standard addresses and reads every bad
/// line in Chinese; a grid worker lists and searches the people of their grid, masked, and sees no
/// other grid's.
@Suite("Pages: base data")
struct RegistryPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("people imported from the administration page; bad rows reported; a worker searches their grid, masked")
    func peoplePages() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            #expect(try await admin.get("/admin").html.contains(#"href="/admin/registries""#))
            let file = """
                姓名,公民身份号码,联系电话,民族,网格编码,住址
                张三,33010619850612004X,13900001111,汉,330106001001001,文三路100号
                王五,330106198506120041,,,330106001001001,
                李四,33010619720101003X,,回,330106001001001,

                """
            let refused = try await admin.upload("/admin/registries/people", [:], files: [("people", "p.csv", file)])
            #expect(refused.status == .badRequest && refused.html.contains(#"id="people-problems""#))
            #expect(refused.html.contains("<td>3</td><td>公民身份号码</td><td>此公民身份号码的校验码应为 X</td>"))
            let partial = try await admin.upload(
                "/admin/registries/people", ["valid_rows_only": "on"], files: [("people", "p.csv", file)])
            #expect(partial.status == .ok && partial.html.contains(#"<dd id="people-inserted">2</dd>"#))
            #expect(partial.html.contains(#"<dd id="people-skipped">1</dd>"#))

            let worker = try await P.logIn(client, "worker")
            func page(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
                let result = try await client.call(.get, uri, headers: [.cookie: worker])
                return (result.status, result.json.stringValue ?? "")
            }
            let list = try await page("/m/people")
            #expect(list.status == .ok && list.html.contains("张三") && list.html.contains("李四"))
            #expect(list.html.contains("3301**********004X") && list.html.contains("139****1111"))
            #expect(!list.html.contains("33010619850612004X") && !list.html.contains("13900001111"), "masked")
            #expect(try await page("/m/people?q=33010619720101003X").html.contains("李四"))
            let byPhone = try await page("/m/people?q=139%200000%201111")
            #expect(byPhone.html.contains("张三") && !byPhone.html.contains("李四"))
            let byName = try await page("/m/people?q=%E6%9D%8E")
            #expect(byName.html.contains("李四") && !byName.html.contains("张三"))
            #expect(try await page("/m/people?grid=330106001002001").status == .forbidden, "another grid")
        }
    }

    @Test("standard addresses imported from the administration page, or refused line by line")
    func addressPage() async throws {
        try await APIHarness.with { harness, client in
            let admin = try await Browser.logIn(client, "admin")
            let good = "地址,楼栋,单元,室,网格编码,纬度,经度\n文三路100号,3,2,501,330106001001001,,\n"
            let saved = try await admin.upload(
                "/admin/registries/addresses", [:], files: [("addresses", "a.csv", good)])
            #expect(saved.status == .ok && saved.html.contains(#"<dd id="addresses-inserted">4</dd>"#))
            let bad = "地址,楼栋,单元,室,网格编码,纬度,经度\n文三路1号,,,,330106999999999,,\n"
            let refused = try await admin.upload(
                "/admin/registries/addresses", [:], files: [("addresses", "b.csv", bad)])
            #expect(refused.status == .badRequest && refused.html.contains("网格 330106999999999 不存在"))
        }
    }
}

private typealias P = PageTests

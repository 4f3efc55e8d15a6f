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
            // The error report downloads as CSV: line, column and reason in Chinese.
            let link = try #require(
                refused.html.firstRange(of: #"href="data:text/csv;charset=utf-8,"#).map {
                    refused.html[$0.upperBound...].prefix { $0 != "\"" }
                })
            let report = try #require(String(link).removingPercentEncoding)
            #expect(report.contains("3,公民身份号码,此公民身份号码的校验码应为 X"))

            let worker = try await P.logIn(client, "worker")
            func page(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
                let result = try await client.call(.get, uri, headers: [.cookie: worker])
                return (result.status, result.json.stringValue ?? "")
            }
            let list = try await page("/m/people")
            #expect(list.status == .ok && list.html.contains("张三") && list.html.contains("李四"))
            #expect(list.html.contains("3301**********004X") && list.html.contains("139****1111"))
            #expect(!list.html.contains("33010619850612004X") && !list.html.contains("13900001111"), "masked")
            // Numbers are searched by a posted form, so they stay out of addresses and logs.
            let browser = try await Browser.logIn(client, "worker")
            let byNumber = try await browser.post("/m/people/search", ["q": "33010619720101003X"])
            #expect(byNumber.html.contains("李四"), "\(byNumber.status) \(byNumber.html.suffix(600))")
            let byPhone = try await browser.post("/m/people/search", ["q": "139 0000 1111"])
            #expect(byPhone.html.contains("张三") && !byPhone.html.contains("李四"))
            #expect(!(try await page("/m/people?q=33010619720101003X").html.contains("李四")), "not by address")
            let byName = try await page("/m/people?q=%E6%9D%8E")
            #expect(byName.html.contains("李四") && !byName.html.contains("张三"))
            #expect(try await page("/m/people?grid=330106001002001").status == .forbidden, "another grid")

            // The grid's export: masked, and a cell a spreadsheet would run as a formula is defused.
            let formula = "姓名,网格编码,住址\n赵六,330106001001001,=cmd|' /C calc'!A0\n"
            _ = try await admin.upload("/admin/registries/people", [:], files: [("people", "f.csv", formula)])
            let csv = try await client.call(.get, "/m/people/export.csv", headers: [.cookie: worker])
            let text = csv.json.stringValue ?? ""
            #expect(csv.status == .ok && text.hasPrefix("\u{FEFF}姓名,公民身份号码,性别,出生年份,民族,人口类型,联系电话,住址"))
            #expect(text.contains("张三,3301**********004X,女,1985,汉族,户籍,139****1111,文三路100号"))
            #expect(text.contains("赵六,,,,,户籍,,'=cmd|' /C calc'!A0") && !text.contains("33010619850612004X"))
            let xlsx = try await client.call(.get, "/m/people/export.xlsx", headers: [.cookie: worker])
            #expect(xlsx.status == .ok && xlsx.headers[.contentType] == Workbook.contentType)
            #expect(
                try await client.call(.get, "/m/people/export.csv?grid=330106001002001", headers: [.cookie: worker])
                    .status == .forbidden)
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

    @Test("houses and organisations imported from the administration page; a worker walks buildings to residents")
    func housePages() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            let houses = """
                地址,楼栋,单元,室,网格编码,用途,居住人数,限住人数,隐患等级
                文三路12号,3,2,501,330106001001001,出租,9,6,严重
                文三路12号,3,2,502,330106001001001,自住,,,
                文三路12号,4,,101,330106001001001,仓库,,,

                """
            let refused = try await admin.upload(
                "/admin/registries/houses", [:], files: [("houses", "h.csv", houses)])
            #expect(refused.status == .badRequest && refused.html.contains(#"id="houses-problems""#))
            #expect(refused.html.contains("<td>4</td><td>用途</td><td>“仓库”不是自住、出租、闲置、经营、集体宿舍或其他</td>"))
            let saved = try await admin.upload(
                "/admin/registries/houses", ["valid_rows_only": "on"], files: [("houses", "h.csv", houses)])
            #expect(saved.status == .ok && saved.html.contains(#"<dd id="houses-inserted">2</dd>"#))
            let people = "姓名,网格编码,住址\n张三,330106001001001,西湖区文三路12号3幢2单元501\n"
            _ = try await admin.upload("/admin/registries/people", [:], files: [("people", "p.csv", people)])
            let units = "单位名称,统一社会信用代码,网格编码,联系电话\n西湖便利店,91350100M000100Y43,330106001001001,13812345678\n"
            let unitsSaved = try await admin.upload("/admin/registries/units", [:], files: [("units", "u.csv", units)])
            #expect(unitsSaved.status == .ok && unitsSaved.html.contains(#"<dd id="units-inserted">1</dd>"#))

            let worker = try await P.logIn(client, "worker")
            func page(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
                let result = try await client.call(.get, uri, headers: [.cookie: worker])
                return (result.status, result.json.stringValue ?? "")
            }
            let list = try await page("/m/houses")
            #expect(list.status == .ok && list.html.contains("文三路12号3幢") && list.html.contains("2单元501室"))
            #expect(list.html.contains("超限住人") && list.html.contains("9/6"))
            let code = try #require(
                list.html.firstRange(of: "address=").map { list.html[$0.upperBound...].prefix { $0 != "\"" } })
            let residents = try await page("/m/people?grid=330106001001001&address=\(code)")
            #expect(residents.html.contains("张三"))
            let shops = try await page("/m/units")
            #expect(shops.html.contains("西湖便利店") && shops.html.contains("138****5678"))
            #expect(!shops.html.contains("13812345678"), "masked")
            #expect(try await page("/m/houses?grid=330106001002001").status == .forbidden, "another grid")
            // Both registries export within scope, masked.
            let housesFile = try await page("/m/houses/export.csv")
            #expect(housesFile.status == .ok && housesFile.html.contains("文三路12号3幢2单元501室,出租,,,9,6,严重"))
            let unitsFile = try await page("/m/units/export.csv")
            #expect(unitsFile.html.contains("西湖便利店,91350100M000100Y43,,,330106001001001,138****5678"))
            #expect(!unitsFile.html.contains("13812345678"))
            #expect(try await page("/m/units/export.xlsx?grid=330106001002001").status == .forbidden)
        }
    }

    @Test("a worker puts a person of the grid in a key-population group from the phone; a bad field is named")
    func keyPeoplePages() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            let people = "姓名,公民身份号码,网格编码\n张三,33010619850612004X,330106001001001\n"
            _ = try await admin.upload("/admin/registries/people", [:], files: [("people", "p.csv", people)])
            let worker = try await Browser.logIn(client, "worker")
            let list = try await worker.get("/m/people")
            let link = try #require(
                list.html.firstRange(of: "/m/key-people/new?").map { list.html[$0.lowerBound...].prefix { $0 != "\"" } }
            )
            let query = String(link).replacing("&amp;", with: "&")
            let chosen = try await worker.get(query + "&group=03")
            #expect(chosen.status == .ok && chosen.html.contains("危险性评估等级") && chosen.html.contains("严重精神障碍患者"))
            let person = try #require(query.firstMatch(of: /person=([^&]+)/)?.1, "\(query)")
            let fields = ["person": String(person), "county": "330106", "group": "03", "attention": "3"]
            let bad = try await worker.post("/m/key-people", fields.merging(["f_danger_level": "9"]) { $1 })
            #expect(bad.status == .badRequest && bad.html.contains("危险性评估等级") && bad.html.contains("“9”不在 0 至 5 之间"))
            let saved = try await worker.post("/m/key-people", fields.merging(["f_danger_level": "4"]) { $1 })
            #expect(saved.location == "/m/key-people?saved=1")
            let page = try await worker.get("/m/key-people")
            #expect(page.status == .ok && page.html.contains("张三") && page.html.contains("严重精神障碍患者"))
            #expect(page.html.contains("危险性评估等级：4") && page.html.contains("3301**********004X"))
            // The community station sees care groups only; this member is not shown to it.
            let station = try await Browser.logIn(client, "station")
            let stationPage = try await station.get("/m/key-people?grid=330106001001001")
            #expect(stationPage.status == .ok && !stationPage.html.contains("张三"))
        }
    }

    @Test("an administrator changes a group's visit intervals and adds a group with typed fields; bad lines are named")
    func groupCatalogue() async throws {
        try await APIHarness.with { harness, client in
            let admin = try await Browser.logIn(client, "admin")
            let page = try await admin.get("/admin/groups")
            #expect(page.status == .ok && page.html.contains("严重精神障碍患者") && page.html.contains("独居老人"))
            let changed = try await admin.post(
                "/admin/groups", ["code": "C1", "days_1": "20", "days_2": "10", "days_3": "3"])
            #expect(changed.location == "/admin/groups?saved=C1")
            let bad = try await admin.post(
                "/admin/groups",
                [
                    "code": "C9", "name": "失业人员", "kind": "care", "fields": "since,失业日期,datum", "days_1": "60",
                    "days_2": "30", "days_3": "14",
                ])
            #expect(bad.status == .badRequest && bad.html.contains("第 1 行"))
            let added = try await admin.post(
                "/admin/groups",
                [
                    "code": "C9", "name": "失业人员", "kind": "care", "fields": "since,失业日期,date\nreason,原因,choice,裁员|其他",
                    "days_1": "60", "days_2": "30", "days_3": "14",
                ])
            #expect(added.location == "/admin/groups?saved=C9")
            let groups = try await harness.test.store.scoped(to: .system("t")).populationGroups()
            #expect(groups.first { $0.code == "C1" }?.visitDays == [.general: 20, .moderate: 10, .serious: 3])
            #expect(groups.first { $0.code == "C9" }?.fields.map(\.type) == [.date, .choice])
            // A group's visit questions change alone: its intervals and fields stay.
            let asked = try await admin.post(
                "/admin/groups", ["code": "C1", "visit_fields": "meals,按时就餐,choice,是|否"])
            #expect(asked.location == "/admin/groups?saved=C1")
            let c1 = try await harness.test.store.scoped(to: .system("t")).populationGroups().first { $0.code == "C1" }
            #expect(
                c1?.visitFields.map(\.key) == ["meals"] && c1?.visitDays == [.general: 20, .moderate: 10, .serious: 3])
            #expect(c1?.fields.map(\.key) == ["living", "contact"])
            let badVisit = try await admin.post("/admin/groups", ["code": "C1", "visit_fields": "meals;按时就餐"])
            #expect(badVisit.status == .badRequest && badVisit.html.contains("第 1 行"))
            let worker = try await Browser.logIn(client, "worker")
            #expect(try await worker.get("/admin/groups").status == .forbidden)
        }
    }

    @Test("a worker registers and corrects a resident on the phone; another grid's worker cannot take them over")
    func registerResident() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let worker = try await Browser.logIn(client, "worker")
            let form = try await worker.get("/m/people/new")
            #expect(form.status == .ok && form.html.contains(#"name="grid_code" value="330106001001001""#))
            var fields = [
                "grid_code": "330106001001001", "name": "赵六", "id_number": "330106198506120041",
                "phone": "13900002222", "household_type": "02", "address": "文三路5号",
            ]
            let bad = try await worker.post("/m/people", fields)
            #expect(bad.status == .badRequest && bad.html.contains("此公民身份号码的校验码应为 X"))
            #expect(bad.html.contains(#"value="赵六""#), "what was typed stays")
            fields["id_number"] = "33010619850612004X"
            let saved = try await worker.post("/m/people", fields)
            #expect(saved.location == "/m/people?grid=330106001001001&saved=1")
            let list = try await worker.get("/m/people")
            #expect(list.html.contains("赵六") && list.html.contains("流动") && list.html.contains("139****2222"))
            fields["phone"] = "13900003333"
            _ = try await worker.post("/m/people", fields)
            let corrected = try await worker.get("/m/people")
            #expect(corrected.html.contains("139****3333") && !corrected.html.contains("139****2222"))
            let other = try await Browser.logIn(client, "worker2")
            let refused = try await other.post("/m/people", fields.merging(["grid_code": "330106001002001"]) { $1 })
            #expect(refused.status == .badRequest && refused.html.contains("此人已登记在其他网格"))
            let outside = try await other.post("/m/people", fields.merging(["id_number": ""]) { $1 })
            #expect(outside.status == .badRequest || outside.status == .forbidden)
        }
    }

    @Test(
        "a person's page: profile, household, key groups, cases from their phone; corrected on the phone; a centre reveals with a reason"
    )
    func personPage() async throws {
        try await APIHarness.with { harness, client in
            harness.test.store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = try await Browser.logIn(client, "admin")
            let file = """
                姓名,公民身份号码,联系电话,网格编码,户号,与户主关系,文化程度
                张三,33010619850612004X,13900001111,330106001001001,H9,02,高中
                李四,33010619720101003X,,330106001001001,H9,10,

                """
            _ = try await admin.upload("/admin/registries/people", [:], files: [("people", "p.csv", file)])
            let center = harness.test.store.scoped(
                to: Caller(actor: "center", role: .centre, scope: .region(try RegionCode("330106"))))
            let seat = try await CasePageTests.seat(harness)
            let reported = try await center.report(
                CaseReport(
                    category: "HJ01", description: "楼道堆物", location: seat, channel: .hotline,
                    reporterPhone: "13900001111"))
            let zhang = try #require(try await center.person(identityNumber: "33010619850612004X"))
            let path = "/m/people/330106/\(zhang.id)"
            let worker = try await Browser.logIn(client, "worker")
            let page = try await worker.get(path)
            #expect(page.status == .ok && page.html.contains("文化程度") && page.html.contains("高中"))
            #expect(page.html.contains(#"id="household""#) && page.html.contains("李四") && page.html.contains("配偶"))
            #expect(page.html.contains(reported.record.number) && !page.html.contains("13900001111"))
            #expect(!page.html.contains(#"id="reveal""#), "a worker reveals nothing")
            // Corrected on the phone: what is typed changes, what is left empty stays.
            let form = try await worker.get(path + "/edit")
            #expect(
                form.status == .ok && form.html.contains(#"name="person_id""#)
                    && form.html.contains("3301**********004X"))
            let saved = try await worker.post(
                "/m/people",
                ["person_id": zhang.id, "grid_code": "330106001001001", "name": "张三", "occupation": "教师"])
            #expect(saved.location == path)
            let corrected = try await worker.get(path)
            #expect(
                corrected.html.contains("教师") && corrected.html.contains("高中") && corrected.html.contains("139****1111")
            )
            // Another grid's worker finds no such person.
            let other = try await Browser.logIn(client, "worker2")
            #expect(try await other.get(path).status == .notFound)
            // The centre reveals with a reason; without one it is told why.
            let centre = try await Browser.logIn(client, "center")
            let refused = try await centre.post(path + "/reveal", ["reason": ""])
            #expect(refused.status == .badRequest && !refused.html.contains("33010619850612004X"))
            let revealed = try await centre.post(path + "/reveal", ["reason": "核实身份"])
            #expect(revealed.html.contains("33010619850612004X") && revealed.html.contains("13900001111"))
            #expect(try await worker.post(path + "/reveal", ["reason": "核实身份"]).status == .forbidden)
        }
    }
}

private typealias P = PageTests

import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// The administration pages through what a browser sends: session cookie, the session's CSRF
/// token in every form, urlencoded and multipart posts.
@Suite("Pages: administration")
struct AdminPageTests {
    typealias P = PageTests

    /// An admin (or other) session: its cookie and the CSRF token its pages carry.
    struct Browser {
        let client: any TestClientProtocol
        let cookie: String
        let csrf: String

        static func logIn(_ client: any TestClientProtocol, _ username: String) async throws -> Browser {
            let cookie = try await P.logIn(client, username)
            let page = try await client.call(.get, "/regions", headers: [.cookie: cookie])
            let csrf = try #require((page.json.stringValue ?? "").firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            return Browser(client: client, cookie: cookie, csrf: String(csrf))
        }

        func get(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String, location: String?) {
            let result = try await client.call(.get, uri, headers: [.cookie: cookie])
            return (result.status, result.json.stringValue ?? "", result.headers[.location])
        }

        func post(_ uri: String, _ fields: [String: String]) async throws -> (
            status: HTTPResponse.Status, html: String, location: String?
        ) {
            var headers = P.formType
            headers[.cookie] = cookie
            var fields = fields
            fields["_csrf"] = csrf
            let result = try await client.call(.post, uri, headers: headers, body: P.form(fields))
            return (result.status, result.json.stringValue ?? "", result.headers[.location])
        }

        /// A multipart form with text fields and files (name, filename, content).
        func upload(_ uri: String, _ fields: [String: String], files: [(String, String, String)]) async throws
            -> (status: HTTPResponse.Status, html: String, location: String?)
        {
            let boundary = "gridgov-test-boundary"
            var body = ""
            for (name, value) in fields.merging(["_csrf": csrf], uniquingKeysWith: { first, _ in first }) {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            for (name, filename, content) in files {
                body +=
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n\(content)\r\n"
            }
            body += "--\(boundary)--\r\n"
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: cookie]
            let result = try await client.call(.post, uri, headers: headers, body: body)
            return (result.status, result.json.stringValue ?? "", result.headers[.location])
        }
    }

    @Test(
        "the admin landing links every section; other roles get 403 on every admin page; anonymous visitors log in first"
    )
    func landingAndRefusals() async throws {
        try await APIHarness.with { harness, client in
            let anonymous = try await client.call(.get, "/admin")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login?next=/admin")

            let admin = try await Browser.logIn(client, "admin")
            let landing = try await admin.get("/admin")
            #expect(landing.status == .ok && landing.html.contains("<h1>系统管理</h1>"))
            for link in [
                "/admin/accounts", "/admin/regions", "/admin/categories", "/admin/calendar", "/admin/workflows",
            ] {
                #expect(landing.html.contains("href=\"\(link)\""))
            }
            #expect(try await admin.get("/admin?lang=en").html.contains("<h1>Administration</h1>"))

            for username in ["worker", "center", "auditor"] {
                let other = try await Browser.logIn(client, username)
                for page in [
                    "/admin", "/admin/accounts", "/admin/regions", "/admin/categories", "/admin/calendar",
                    "/admin/workflows",
                ] {
                    let refused = try await other.get(page)
                    #expect(
                        refused.status == .forbidden && refused.html.contains("系统管理仅对管理员开放。"), "\(username) at \(page)")
                }
                let post = try await other.post(
                    "/admin/accounts",
                    ["username": "sneaky", "display_name": "x", "role": "admin", "scope": "", "password": "pass"])
                #expect(post.status == .forbidden)
            }
            #expect(
                try await harness.test.store.accounts(visibleTo: .system("t")).contains { $0.username == "sneaky" }
                    == false)
        }
    }

    @Test("an admin opens an account; a bad field is named, what was typed is kept, and nothing is written")
    func accounts() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            let list = try await admin.get("/admin/accounts")
            #expect(list.status == .ok && list.html.contains("<td>worker</td>") && list.html.contains("<td>网格员</td>"))
            #expect(list.html.contains("<label for=\"scope\">管辖范围</label>"))
            let before = try await store.accounts(visibleTo: .system("t"))

            // A department account bound to a region: the scope is at fault.
            let wrongScope = try await admin.post(
                "/admin/accounts",
                [
                    "username": "cg2", "display_name": "城管二队", "role": "dept",
                    "scope": "330106001", "password": "secret",
                ])
            #expect(wrongScope.status == .badRequest)
            #expect(wrongScope.html.contains("管辖范围: 职能部门账号须填写部门代码"))
            #expect(
                wrongScope.html.contains(#"value="cg2""#) && wrongScope.html.contains(#"value="城管二队""#)
                    && wrongScope.html.contains(#"<option value="dept" selected>"#))
            #expect(
                wrongScope.html.contains(
                    #"id="scope" name="scope" value="330106001" list="scope-departments" data-region-picker="#
                )
                    && wrongScope.html.contains(
                        #"aria-describedby="scope-hint form-error" aria-invalid="true""#
                    ))
            #expect(!wrongScope.html.contains("secret"), "the password is never sent back")

            let unknownRegion = try await admin.post(
                "/admin/accounts",
                [
                    "username": "w9", "display_name": "新网格员", "role": "worker",
                    "scope": "330106011011001", "password": "secret",
                ])
            #expect(unknownRegion.status == .badRequest && unknownRegion.html.contains("管辖范围: 没有这个区域或部门"))
            let taken = try await admin.post(
                "/admin/accounts",
                [
                    "username": "worker", "display_name": "重名", "role": "worker",
                    "scope": "330106001001001", "password": "secret",
                ])
            #expect(taken.status == .conflict && taken.html.contains("用户名: 该用户名已被使用"))
            let shortPassword = try await admin.post(
                "/admin/accounts",
                [
                    "username": "w9", "display_name": "新网格员", "role": "worker",
                    "scope": "330106001001001", "password": "abc",
                ])
            #expect(shortPassword.status == .badRequest && shortPassword.html.contains("初始密码: 至少 4 个字符"))
            let noScope = try await admin.post(
                "/admin/accounts",
                [
                    "username": "w9", "display_name": "新网格员", "role": "worker",
                    "scope": "", "password": "secret",
                ])
            #expect(
                noScope.status == .badRequest && noScope.html.contains("管辖范围: 请填写区域代码"),
                "only admins and auditors see the whole territory")
            #expect(try await store.accounts(visibleTo: .system("t")) == before, "nothing was written")

            let created = try await admin.post(
                "/admin/accounts",
                [
                    "username": "w9", "display_name": "新网格员", "role": "worker",
                    "scope": "330106001001002", "password": "secret",
                ])
            #expect(created.status == .seeOther && created.location == "/admin/accounts?created=w9")
            let after = try await admin.get("/admin/accounts?created=w9")
            #expect(after.html.contains(#"<tr id="account-w9" class="new"><td>w9</td><td>新网格员</td><td>网格员</td>"#))
            #expect(after.html.contains("已新建账号: w9"))
            let account = try #require(try await store.logIn(username: "w9", password: "secret")).session.account
            let grid = try RegionCode("330106001001002")
            #expect(account.role == .worker && account.scope == .region(grid))
            let department = try await admin.post(
                "/admin/accounts",
                [
                    "username": "cg2", "display_name": "城管二队", "role": "dept",
                    "scope": "330106-CG", "password": "secret",
                ])
            #expect(department.status == .seeOther)

            // Reset: the new password works, the old one and the open session do not.
            let (oldToken, _) = try #require(try await store.logIn(username: "w9", password: "secret"))
            let weak = try await admin.post("/admin/accounts/password", ["reset_username": "w9", "new_password": "x"])
            #expect(
                weak.status == .badRequest && weak.html.contains("新密码: 至少 4 个字符")
                    && weak.html.contains(#"<option value="w9" selected>"#))
            let reset = try await admin.post(
                "/admin/accounts/password", ["reset_username": "w9", "new_password": "another"])
            #expect(reset.status == .seeOther && reset.location == "/admin/accounts?reset=w9")
            #expect(try await store.logIn(username: "w9", password: "secret") == nil)
            #expect(try await store.logIn(username: "w9", password: "another") != nil)
            #expect(try await store.session(token: oldToken) == nil, "the old session ended")
        }
    }

    @Test(
        "an admin disables an account from its row: it cannot log in and its session ends; enabling restores it; no button on one's own row"
    )
    func disableAccount() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            let worker = try await Browser.logIn(client, "worker")
            #expect(try await worker.get("/m").status == .ok)
            let list = try await admin.get("/admin/accounts")
            #expect(list.html.contains(#"id="disable-worker""#) && !list.html.contains(#"id="disable-admin""#))

            let disabled = try await admin.post("/admin/accounts/disable", ["username": "worker"])
            #expect(disabled.status == .seeOther && disabled.location == "/admin/accounts?disabled=worker")
            let after = try await admin.get("/admin/accounts?disabled=worker")
            #expect(after.html.contains("已停用账号（登录会话已失效）: worker") && after.html.contains(#"id="enable-worker""#))
            #expect(try await worker.get("/m").location?.hasPrefix("/login") == true, "the worker's open session ended")
            #expect(try await store.logIn(username: "worker", password: "demo") == nil)

            let own = try await admin.post("/admin/accounts/disable", ["username": "admin"])
            #expect(own.status == .badRequest && own.html.contains("用户名: 不能停用或启用自己的账号"))
            let unknown = try await admin.post("/admin/accounts/disable", ["username": "nobody"])
            #expect(unknown.status == .notFound && unknown.html.contains("用户名: 没有这个账号"))

            let enabled = try await admin.post("/admin/accounts/enable", ["username": "worker"])
            #expect(enabled.status == .seeOther && enabled.location == "/admin/accounts?enabled=worker")
            #expect(try await store.logIn(username: "worker", password: "demo") != nil)
        }
    }

    @Test(
        "an admin issues an API token from the page (shown once) and revokes it: the API refuses it at once; refusals name the field"
    )
    func tokens() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            #expect(try await admin.get("/admin").html.contains(#"href="/admin/tokens""#))

            let issued = try await admin.post("/admin/tokens", ["name": "smoke-sensors", "scope": "330106"])
            #expect(issued.status == .created && issued.html.contains("已发放令牌。它只显示这一次"))
            let token = String(try #require(issued.html.firstMatch(of: /id="new-token">(gt_[^<]+)</)?.1))
            #expect(try await client.call(.get, "/api/v1/cases", token: token).status == .ok)
            #expect(try await admin.get("/admin/tokens").html.contains(token) == false, "the token is shown only once")

            let unnamed = try await admin.post("/admin/tokens", ["name": " ", "scope": "330106"])
            #expect(unnamed.status == .badRequest && unnamed.html.contains("名称: 请填写 1–64 个字符的名称"))
            let taken = try await admin.post("/admin/tokens", ["name": "smoke-sensors", "scope": "330106"])
            #expect(taken.status == .conflict && taken.html.contains("名称: 该名称已被使用"))
            let badScope = try await admin.post("/admin/tokens", ["name": "camera", "scope": "33x"])
            #expect(
                badScope.status == .badRequest && badScope.html.contains(#"value="camera""#), "what was typed is kept")
            let unknownRegion = try await admin.post("/admin/tokens", ["name": "camera", "scope": "330199"])
            #expect(unknownRegion.status == .badRequest && unknownRegion.html.contains("管辖范围: 没有这个区域或部门"))

            try await store.addUser(
                Account(
                    username: "tadmin", displayName: "街道管理员", role: .admin, scope: .region(try RegionCode("330106001"))),
                password: "demo", by: .system("test"))
            let townAdmin = try await Browser.logIn(client, "tadmin")
            #expect(
                try await townAdmin.get("/admin/tokens").html.contains("token-smoke-sensors") == false,
                "the list is bounded by scope")
            let outside = try await townAdmin.post("/admin/tokens/revoke", ["name": "smoke-sensors"])
            #expect(outside.status == .forbidden && outside.html.contains("管辖范围: 超出您的管理范围"))
            let wider = try await townAdmin.post("/admin/tokens", ["name": "camera", "scope": "330106"])
            #expect(wider.status == .forbidden)
            #expect(
                try await client.call(.get, "/api/v1/cases", token: token).status == .ok, "the refusals changed nothing"
            )

            let unknown = try await admin.post("/admin/tokens/revoke", ["name": "nobody"])
            #expect(unknown.status == .notFound && unknown.html.contains("名称: 没有这个令牌"))
            let revoked = try await admin.post("/admin/tokens/revoke", ["name": "smoke-sensors"])
            #expect(revoked.status == .seeOther && revoked.location == "/admin/tokens?revoked=smoke-sensors")
            let after = try await admin.get("/admin/tokens?revoked=smoke-sensors")
            #expect(after.html.contains("已吊销令牌: smoke-sensors") && !after.html.contains(#"id="revoke-smoke-sensors""#))
            #expect(try await client.call(.get, "/api/v1/cases", token: token).status == .unauthorized)
        }
    }

    @Test(
        "an admin edits a category's limit; a bad value names the entry and field and saves nothing; export and import")
    func categories() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            let page = try await admin.get("/admin/categories")
            #expect(
                page.status == .ok && page.html.contains(#"name="limit.HJ01.handle" id="limit-HJ01-handle" value="24""#)
            )
            #expect(
                page.html.contains(#"<option value="department:CG""#)
                    && page.html.contains(#"href="/api/v1/categories""#))

            let notNumber = try await admin.post(
                "/admin/categories", ["limit.HJ01.handle": "abc", "name.HJ01": "垃圾乱堆"])
            #expect(notNumber.status == .badRequest && notNumber.html.contains("HJ01 垃圾堆放 · 处置时限: 请填写大于 0"))
            #expect(
                notNumber.html.contains(#"value="abc""#) && notNumber.html.contains(#"value="垃圾乱堆""#),
                "what was typed is kept")
            #expect(notNumber.html.contains(#"id="limit-HJ01-handle" value="abc" placeholder="24""#))
            let zero = try await admin.post("/admin/categories", ["limit.AQ02.verify": "0"])
            #expect(zero.status == .badRequest && zero.html.contains("AQ02 燃气安全隐患 · 核查时限"))
            let badHandler = try await admin.post("/admin/categories", ["handler.SR01": "nobody"])
            #expect(badHandler.status == .badRequest && badHandler.html.contains("SR01 占道经营 · 默认处置"))
            #expect(try await store.catalogue() == CaseCatalogue.chinaDefault, "nothing was saved")

            let saved = try await admin.post(
                "/admin/categories", ["limit.HJ01.handle": "12", "limit.HJ01.accept": "", "handler.HJ01": "township"])
            #expect(saved.status == .seeOther && saved.location == "/admin/categories?saved=1")
            let hj01 = try #require(try await store.catalogue().reportable("HJ01"))
            #expect(
                hj01.limits[.handle] == 12 && hj01.limits[.accept] == nil && hj01.handler == .township
                    && hj01.limit(.accept) == 1)
            #expect(try await admin.get("/admin/categories?saved=1").html.contains("已保存事项分类"))

            // Import: the export, changed, comes back; a bad entry is named with its code.
            let export = try await client.call(.get, "/api/v1/categories")
            var text = export.json.canonicalText.replacingOccurrences(of: "\"消防通道堵塞\"", with: "\"消防通道占用\"")
            let imported = try await admin.upload(
                "/admin/categories/import", [:], files: [("catalogue", "categories.json", text)])
            #expect(imported.status == .seeOther && imported.location == "/admin/categories?imported=18")
            #expect(try await store.catalogue().reportable("AQ01")?.name == "消防通道占用")
            text = text.replacingOccurrences(of: "\"verify\":8", with: "\"check\":8")
            let refused = try await admin.upload(
                "/admin/categories/import", [:], files: [("catalogue", "categories.json", text)])
            #expect(refused.status == .badRequest && refused.html.contains("AQ01 消防通道占用 · limits.check"))
            let notJSON = try await admin.upload(
                "/admin/categories/import", [:], files: [("catalogue", "categories.json", "{oops")])
            #expect(notJSON.status == .badRequest && notJSON.html.contains("分类文件（JSON）: 请求体不是有效的 JSON"))
            #expect(
                try await store.catalogue().reportable("AQ01")?.limits[.verify] == 8, "a refused import saves nothing")
        }
    }

    @Test("an admin uploads a grid's GeoJSON boundary as a file; bad geometry names the field and writes nothing")
    func boundary() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            let form = try await admin.get("/admin/regions")
            #expect(form.status == .ok && form.html.contains(#"<script src="/assets/admin-upload.js" defer></script>"#))
            #expect(form.html.contains(#"<label for="boundary_file">GeoJSON 文件</label>"#))

            let ring = "[[120.02,30.17],[120.021,30.17],[120.021,30.171],[120.02,30.171],[120.02,30.17]]"
            let feature = #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
            let saved = try await admin.upload(
                "/admin/regions/boundary",
                [
                    "code": "330106001001099", "name": "试验网格", "parent_code": "330106001001",
                    "datum": "wgs84",
                ], files: [("boundary_file", "grid.geojson", feature)])
            #expect(saved.status == .ok && saved.html.contains("已保存边界") && saved.html.contains("<svg class=\"map\""))
            let grid = try #require(
                try await store.scoped(to: .system("t")).region(try RegionCode("330106001001099")).region)
            #expect(grid.name == "试验网格" && grid.boundary?.polygons.count == 1)

            // Redrawing needs only the code: the name, parent and seat stay.
            let seated = try #require(
                try await store.scoped(to: .system("t")).region(try RegionCode("330106001001001")).region)
            let redrawn = try await admin.upload(
                "/admin/regions/boundary", ["code": "330106001001001", "boundary": feature], files: [])
            #expect(redrawn.status == .ok)
            let after = try #require(
                try await store.scoped(to: .system("t")).region(try RegionCode("330106001001001")).region)
            #expect(
                after.name == seated.name && after.parentCode == seated.parentCode && after.seat == seated.seat
                    && after.boundary != seated.boundary)

            let point = try await admin.upload(
                "/admin/regions/boundary",
                [
                    "code": "330106001001098", "name": "点", "parent_code": "330106001001",
                    "boundary": #"{"type":"Point","coordinates":[120,30]}"#,
                ], files: [])
            #expect(point.status == .badRequest && point.html.contains("边界: "))
            #expect(
                point.html.contains(#"value="点""#)
                    && point.html.contains(
                        "aria-invalid=\"true\" aria-describedby=\"boundary-error\">{&quot;type&quot;:&quot;Point&quot;")
            )
            let noParent = try await admin.upload(
                "/admin/regions/boundary", ["code": "330106001001098", "name": "点", "boundary": feature], files: [])
            #expect(noParent.status == .badRequest && noParent.html.contains("上级代码: "))
            let badCode = try await admin.upload(
                "/admin/regions/boundary", ["code": "33x", "name": "点", "boundary": feature], files: [])
            #expect(badCode.status == .badRequest && badCode.html.contains("代码: "))
            await #expect(throws: StoreError.notFound("region 330106001001098")) {
                try await store.scoped(to: .system("t")).region(try RegionCode("330106001001098"))
            }
        }
    }

    @Test(
        "the divisions import shows its summary; a file with a bad line is refused with the line number and writes nothing"
    )
    func divisions() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            let admin = try await Browser.logIn(client, "admin")
            let good =
                "code,name,level,parent_code,lat,lng\n330106011000,新设街道,4,330106000000,,\n330106011001,新设社区,5,330106011000,,\n330106001000,北山街道,4,330106000000,,\n"
            let imported = try await admin.upload(
                "/admin/regions/divisions", [:], files: [("divisions", "divisions.csv", good)])
            #expect(imported.status == .ok)
            #expect(
                imported.html.contains(#"<dd id="import-rows">3</dd>"#)
                    && imported.html.contains(#"<dd id="import-inserted">2</dd>"#)
                    && imported.html.contains(#"<dd id="import-updated">1</dd>"#))
            #expect(
                try await store.scoped(to: .system("t")).region(try RegionCode("330106011001")).region?.name == "新设社区")

            let bad =
                "code,name,level,parent_code,lat,lng\n330106012000,又一街道,4,330106000000,,\n330106012001,坏社区,9,330106012000,,\n330106013001,孤儿社区,5,330106013000,,\n"
            let refused = try await admin.upload(
                "/admin/regions/divisions", [:], files: [("divisions", "bad.csv", bad)])
            #expect(refused.status == .badRequest && refused.html.contains("bad.csv: 文件有错误，未导入任何数据 (2)"))
            #expect(refused.html.contains("<tr><td>3</td><td>层级</td><td>层级“9”应为 1 至 5</td></tr>"))
            #expect(refused.html.contains("<tr><td>4</td><td>上级代码</td>"))
            await #expect(throws: StoreError.notFound("region 330106012000"), "the good line 2 was not written either")
            {
                try await store.scoped(to: .system("t")).region(try RegionCode("330106012000"))
            }
            let missing = try await admin.upload("/admin/regions/divisions", [:], files: [])
            #expect(missing.status == .badRequest && missing.html.contains("区划文件（CSV）: 必填"))
            let english = try await admin.upload(
                "/admin/regions/divisions?lang=en", [:], files: [("divisions", "bad.csv", bad)])
            #expect(english.html.contains("bad.csv: the file has errors; nothing was imported (2)"))
        }
    }

    @Test("an administrator of one county sees the catalogue read-only and is refused territory-wide changes")
    func countyAdministrator() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            try await store.addUser(
                Account(
                    username: "xihu-admin", displayName: "西湖区管理员", role: .admin,
                    scope: .region(try RegionCode("330106"))),
                password: "demo", by: .system("t"))
            let admin = try await Browser.logIn(client, "xihu-admin")
            #expect(try await admin.get("/admin").html.contains("您管理部分辖区"))
            let categories = try await admin.get("/admin/categories")
            #expect(
                categories.status == .ok && !categories.html.contains("id=\"save-catalogue\"")
                    && categories.html.contains(" disabled"))
            let save = try await admin.post("/admin/categories", ["limit.HJ01.handle": "12"])
            #expect(save.status == .forbidden && save.html.contains("该操作超出您的管理范围。"))
            #expect(try await store.catalogue() == CaseCatalogue.chinaDefault)
            #expect(!(try await admin.get("/admin/regions").html.contains("id=\"import-divisions\"")))
            let divisions = try await admin.upload(
                "/admin/regions/divisions", [:],
                files: [
                    ("divisions", "d.csv", "code,name,level,parent_code,lat,lng\n330106011000,新设街道,4,330106000000,,\n")
                ])
            #expect(divisions.status == .forbidden)
            let elsewhere = try await admin.post(
                "/admin/accounts",
                [
                    "username": "w8", "display_name": "外区网格员", "role": "worker",
                    "scope": "330102001001001", "password": "secret",
                ])
            #expect(elsewhere.status == .forbidden && elsewhere.html.contains("管辖范围: 超出您的管理范围"))
            let list = try await admin.get("/admin/accounts")
            #expect(
                list.html.contains("<td>worker</td>") && !list.html.contains("<td>admin</td>"),
                "only accounts within the county")
        }
    }

    @Test("the workflows page shows the case table the engine runs, row by row, in the page's language")
    func workflows() async throws {
        try await APIHarness.with { _, client in
            let admin = try await Browser.logIn(client, "admin")
            let page = try await admin.get("/admin/workflows")
            #expect(page.status == .ok && page.html.contains("<h2 id=\"workflow-cases\">案件办理</h2>"))
            // Every state has its heading, and every row of the table its line under its state.
            for state in CaseState.allCases {
                #expect(page.html.contains("id=\"cases-\(state.rawValue)\""), "\(state)")
            }
            let rows = page.html.matches(of: /<tr data-action="/).count
            #expect(rows == CaseWorkflow.table.rows.count + DisputeWorkflow.table.rows.count, "every workflow's table")
            #expect(page.html.contains("<h2 id=\"workflow-disputes\">矛盾纠纷调解</h2>"))
            // 巡办分离: reporting a case handled names the post and the condition, in Chinese.
            #expect(
                page.html.contains(
                    "<tr data-action=\"handle\"><td>处置反馈</td><td><span class=\"badge\">处置单位</span> </td>"
                        + "<td><div>不是发现人（巡办分离）</div></td><td>→ 已反馈</td></tr>"))
            let english = try await admin.get("/admin/workflows?lang=en")
            #expect(english.html.contains("<td>Report handled</td>") && english.html.contains("→ handled"))
        }
    }

    @Test("the calendar shows this year's and next year's holidays and adjusted working days")
    func calendar() async throws {
        try await APIHarness.with { _, client in
            let admin = try await Browser.logIn(client, "admin")
            let page = try await admin.get("/admin/calendar")
            #expect(
                page.status == .ok && page.html.contains(#"id="calendar-2026""#)
                    && page.html.contains(#"id="calendar-2027""#))
            #expect(page.html.contains("<li>2026-10-01 周四 – 2026-10-07 周三 <span class=\"muted\">7 天</span></li>"))
            #expect(page.html.contains("<li>2026-10-10 周六</li>") && page.html.contains("08:30–12:00、13:30–17:30"))
            #expect(page.html.contains("尚未公布调休安排。"), "2027's adjusted days are not announced yet")
            #expect(try await admin.get("/admin/calendar?lang=en").html.contains("2026-02-15 Sun – 2026-02-23 Mon"))
        }
    }

    @Test(
        "an admin enters the State Council's arrangement day by day; a bad date is named; a county's admin may only look"
    )
    func calendarChanges() async throws {
        try await APIHarness.with { harness, client in
            let admin = try await Browser.logIn(client, "admin")
            let bad = try await admin.post("/admin/calendar", ["day": "2027-02-30", "kind": "workday", "note": "春节调休"])
            #expect(
                bad.status == .badRequest
                    && bad.html.contains("日期: “2027-02-30”不是 年-月-日 格式的日期"))
            #expect(bad.html.contains(#"value="春节调休""#), "what was typed is kept")
            let huge = try await admin.post(
                "/admin/calendar", ["day": "9223372036854775807-03-01", "kind": "holiday", "note": ""])
            #expect(
                huge.status == .badRequest && huge.html.contains("日期: "),
                "a year past four digits is a typing error, not a crash")
            let weekday = try await admin.post("/admin/calendar", ["day": "2027-02-10", "kind": "workday", "note": ""])
            #expect(weekday.status == .badRequest && weekday.html.contains("安排: 2027-02-10 是工作日，本就上班"))
            let saved = try await admin.post(
                "/admin/calendar", ["day": "2027-02-20", "kind": "workday", "note": "春节调休"])
            #expect(saved.status == .seeOther)
            let page = try await admin.get("/admin/calendar?saved=2027-02-20")
            #expect(
                page.html.contains("已保存: 2027-02-20") && page.html.contains("<li>2027-02-20 周六</li>")
                    && page.html.contains("2027-02-20 · 调休上班 · 春节调休"))
            #expect(harness.test.store.calendar.isWorkingDay(try #require(CalendarDay("2027-02-20"))))

            try await harness.test.store.addUser(
                Account(
                    username: "countyadmin", displayName: "区管理员", role: .admin,
                    scope: .region(try RegionCode("330106"))), password: "demo", by: .system("t"))
            let county = try await Browser.logIn(client, "countyadmin")
            #expect(try await county.get("/admin/calendar").html.contains("只有全辖区管理员可以调整"))
            #expect(
                try await county.post("/admin/calendar", ["day": "2027-02-21", "kind": "workday", "note": ""]).status
                    == .forbidden)
        }
    }
}

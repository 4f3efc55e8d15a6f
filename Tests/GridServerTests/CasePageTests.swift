import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import GridServer

/// The staff pages through what a browser sends: session cookies, multipart forms with photos,
/// the CSRF field, redirects after posts.
@Suite("Pages: command centre, case actions, grid worker")
struct CasePageTests {
    typealias P = PageTests

    /// A tiny valid PNG (1×1), as a phone camera's photo stands in here.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8,
        6, 0, 0, 0,
        0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A,
        0x2D, 0xB4,
        0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// A page as a signed-in browser gets it.
    static func page(_ client: any TestClientProtocol, _ uri: String, session: String) async throws -> (
        status: HTTPResponse.Status, html: String, headers: HTTPFields
    ) {
        let result = try await client.call(.get, uri, headers: [.cookie: session])
        return (result.status, result.json.stringValue ?? "", result.headers)
    }

    /// The session's CSRF token, from any page's logout form.
    static func csrf(_ html: String) throws -> String {
        try #require(html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1).description
    }

    /// Posts a multipart form (text fields and photo files) with the session cookie.
    static func post(
        _ client: any TestClientProtocol, _ uri: String, session: String, fields: [(String, String)],
        photos: [[UInt8]] = []
    ) async throws -> (status: HTTPResponse.Status, html: String, location: String?) {
        let boundary = "----gridgov-test-boundary"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (index, photo) in photos.enumerated() {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p\(index).png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            body.writeBytes(photo)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: session, .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: body
        ) { response in
            (response.status, String(buffer: response.body), response.headers[.location])
        }
    }

    static func seat(_ harness: APIHarness, _ grid: String = "330106001001001") async throws -> GeoPoint {
        try #require(try await harness.test.store.scoped(to: .system("t")).region(try RegionCode(grid)).region?.seat)
    }

    @Test("a grid worker reports from the phone page with a photo; the case, its photo and its number arrive together")
    func patrolReport() async throws {
        try await APIHarness.with { harness, client in
            let worker = try await P.logIn(client, "worker")
            let form = try await Self.page(client, "/m/report", session: worker)
            #expect(
                form.status == .ok && form.html.contains(#"id="locate-map""#)
                    && form.html.contains(#"<script src="/assets/locate.js""#))
            let csrf = try Self.csrf(form.html)
            let seat = try await Self.seat(harness)

            // Bad input: no position — the form comes back with the text kept and the field named.
            let missing = try await Self.post(
                client, "/m/report", session: worker,
                fields: [("_csrf", csrf), ("category", "HJ01"), ("description", "楼道堆放杂物"), ("lat", "")],
                photos: [Self.png])
            #expect(missing.status == .badRequest && missing.html.contains("位置: ") && missing.html.contains("楼道堆放杂物"))
            // Not an image: refused by its bytes, nothing written.
            let text = try await Self.post(
                client, "/m/report", session: worker,
                fields: [
                    ("_csrf", csrf), ("category", "HJ01"), ("description", "楼道堆放杂物"), ("lat", String(seat.lat)),
                    ("lng", String(seat.lng)),
                ],
                photos: [Array("not a photo".utf8)])
            #expect(text.status == .badRequest && text.html.contains("照片: 不是 JPEG、PNG、WebP 或 HEIC 图片"))
            let admin = Caller(actor: "admin", role: .admin, scope: .territory)
            #expect(
                try await harness.test.store.scoped(to: admin).cases(CaseQuery()).cases.isEmpty,
                "a refused report writes nothing")

            let done = try await Self.post(
                client, "/m/report", session: worker,
                fields: [
                    ("_csrf", csrf), ("category", "HJ01"), ("description", "楼道堆放杂物"), ("lat", String(seat.lat)),
                    ("lng", String(seat.lng)),
                ],
                photos: [Self.png])
            #expect(done.status == .seeOther)
            let number = try #require(done.location?.firstMatch(of: /reported=(.+)$/)?.1).description
            let record = try await harness.test.store.scoped(to: admin).caseDetail(number: number).record
            #expect(
                record.channel == .patrol && record.discoverer == "worker"
                    && record.regionCode.digits == "330106001001001")
            #expect(try await harness.test.store.scoped(to: admin).attachments(of: number).count == 1)

            let tasks = try await Self.page(client, "/m?reported=\(number)", session: worker)
            #expect(
                tasks.html.contains(#"href="/cases/\#(number)""#) && tasks.html.contains("自处理"),
                "the worker may handle it on the spot")
            // A body cut short (no closing boundary) is refused, not half taken.
            var cut = ByteBuffer(
                string:
                    "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--b\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nHJ01"
            )
            let truncated = try await client.execute(
                uri: "/m/report", method: .post,
                headers: [.cookie: worker, .contentType: "multipart/form-data; boundary=b"],
                body: cut
            ) { $0.status }
            cut.clear()
            #expect(truncated == .badRequest)
            // Patrol reports are the grid workers' channel.
            let street = try await P.logIn(client, "street")
            #expect(try await Self.page(client, "/m/report", session: street).status == .forbidden)
            // Without the session's CSRF token a post is refused.
            let forged = try await Self.post(client, "/m/report", session: worker, fields: [("category", "HJ01")])
            #expect(forged.status == .forbidden)
        }
    }

    @Test(
        "a case walks from report to rating through the staff pages; refusals and bad input are pages that name the problem"
    )
    func caseLife() async throws {
        try await APIHarness.with { harness, client in
            let seat = try await Self.seat(harness)
            let reported = try await harness.test.store.scoped(to: CaseRoutes.anonymous).report(
                CaseReport(
                    category: "HJ01", description: "垃圾清运不及时", location: seat, channel: .resident))
            let number = reported.record.number
            let street = try await P.logIn(client, "street")

            let centre = try await Self.page(client, "/center", session: street)
            #expect(
                centre.status == .ok && centre.html.contains("北山街道 · 指挥中心")
                    && centre.html.contains(#"href="/cases/\#(number)""#))
            #expect(
                centre.html.contains(
                    /<a href="\/center\?region=330106001001" aria-label="[^"]+：在办 1，黄灯预警 0，超期 0" class="t-open">/),
                "the community with the open case is coloured and its counts named")
            #expect(centre.html.contains(/<a href="\/center\?region=330106001002" aria-label="[^"]+" class="t-none">/))
            #expect(centre.html.contains(#"id="kpi-open">1<"#))
            let grid = try await Self.page(client, "/center?region=330106001001001", session: street)
            #expect(
                grid.html.contains(#"<a href="/cases/\#(number)" aria-label="\#(number)"#),
                "a grid's map marks its open cases")

            var page = try await Self.page(client, "/cases/\(number)", session: street)
            #expect(page.html.contains(#"data-action="accept""#) && !page.html.contains(#"data-action="close""#))
            let csrf = try Self.csrf(page.html)
            func act(_ session: String, _ fields: [(String, String)], photos: [[UInt8]] = []) async throws -> (
                status: HTTPResponse.Status, html: String, location: String?
            ) {
                let html = try await Self.page(client, "/cases/\(number)", session: session).html
                return try await Self.post(
                    client, "/cases/\(number)/act", session: session, fields: [("_csrf", try Self.csrf(html))] + fields,
                    photos: photos)
            }
            // Out of turn: a page with the refusal and what is allowed instead.
            let early = try await Self.post(
                client, "/cases/\(number)/act", session: street, fields: [("_csrf", csrf), ("action", "close")])
            #expect(early.status == .conflict && early.html.contains("当前不能执行该操作") && early.html.contains("受理"))
            #expect(try await act(street, [("action", "accept")]).location == "/cases/\(number)?done=accept")
            #expect(try await act(street, [("action", "register")]).status == .seeOther)
            page = try await Self.page(client, "/cases/\(number)", session: street)
            #expect(page.html.contains(#"<option value="330106-CG""#), "the dispatcher may choose a department")
            #expect(try await act(street, [("action", "dispatch"), ("unit", "330106-CG")]).status == .seeOther)

            let department = try await P.logIn(client, "dept")
            let queue = try await Self.page(client, "/center", session: department)
            #expect(
                queue.html.contains("城管局") && queue.html.contains(#"href="/cases/\#(number)""#)
                    && !queue.html.contains(#"id="map-title""#))
            #expect(queue.html.contains(#"id="kpi-to-sign">1<"#) && !queue.html.contains(#"id="kpi-open""#))
            #expect(try await act(department, [("action", "sign_in")]).status == .seeOther)
            let noNote = try await act(department, [("action", "handle"), ("note", "  ")], photos: [Self.png])
            #expect(
                noNote.status == .badRequest && noNote.html.contains("请填写处置情况（1 至 2,000 字）")
                    && !noNote.html.contains("feedback"), "the refusal reads in Chinese")
            #expect(
                try await harness.test.store.scoped(to: .system("t")).attachments(of: number).isEmpty,
                "the refused action left no photo")
            #expect(
                try await act(department, [("action", "handle"), ("note", "已清运")], photos: [Self.png]).status
                    == .seeOther)
            #expect(try await harness.test.store.scoped(to: .system("t")).attachments(of: number).count == 1)
            let handledQueue = try await Self.page(client, "/center", session: department)
            #expect(
                handledQueue.html.contains(#"id="kpi-handled">1<"#)
                    && handledQueue.html.contains(#"<p class="muted">没有符合条件的案件</p>"#),
                "handled: off the department's to-do queue, counted in its figures")

            let stranger = try await P.logIn(client, "worker2")
            let refused = try await Self.page(client, "/cases/\(number)", session: stranger)
            #expect(
                refused.status == .forbidden && refused.html.contains("该案件或操作不在您的权限范围内"),
                "another grid's worker gets a page, not the case")

            let worker = try await P.logIn(client, "worker")
            let tasks = try await Self.page(client, "/m", session: worker)
            #expect(tasks.html.contains(#"href="/cases/\#(number)""#) && tasks.html.contains("核查通过"))
            #expect(try await act(worker, [("action", "verify")]).status == .seeOther)
            #expect(try await act(street, [("action", "close")]).status == .seeOther)
            let closed = try await Self.page(client, "/cases/\(number)?done=close", session: street)
            #expect(
                closed.html.contains(#"<span class="badge" id="case-state">已结案</span>"#)
                    && closed.html.contains("已完成: 结案"))
            #expect(
                closed.html.contains("处置反馈</b> · 城管局：已清运")
                    && closed.html.contains("<img src=\"/api/v1/cases/\(number)/attachments/"))
            #expect(closed.html.contains("<figcaption>处置后 · "), "the handler's photo is labelled as the result")
        }
    }

    @Test(
        "the centre's queue: open cases by default, found by number or phone tail, sorted, accepted in bulk, exported; scoped"
    )
    func centreQueue() async throws {
        try await APIHarness.with { harness, client in
            let seat = try await Self.seat(harness)
            var numbers: [String] = []
            for index in 0..<3 {
                let reported = try await harness.test.store.scoped(to: CaseRoutes.anonymous).report(
                    CaseReport(
                        category: "HJ01", description: index == 1 ? "=HYPERLINK(\"x\")" : "垃圾堆放 \(index)",
                        location: seat, channel: .resident, reporterPhone: index == 2 ? "13800138000" : nil))
                numbers.append(reported.record.number)
            }
            let street = try await P.logIn(client, "street")
            let centre = try await Self.page(client, "/center", session: street)
            #expect(!centre.html.contains(#"name="overdue" value="true" checked"#), "overdue only is not ticked")
            for number in numbers { #expect(centre.html.contains(#"href="/cases/\#(number)""#)) }
            #expect(centre.html.contains("北山街道 · "), "the street and community column")
            // The feed opens with the last hour's changes, in Beijing time.
            #expect(
                centre.html.contains(#"<ul class="feed" id="live-feed""#) && !centre.html.contains(#"id="live-empty""#))
            let feed = try #require(centre.html.firstMatch(of: /id="live-feed"[^>]*>(.*?)<\/ul>/)?.1)
            #expect(numbers.allSatisfy { feed.contains($0) })

            // A hotline operator types the last four digits, or the caller's phone tail.
            func queue(_ uri: String) async throws -> [String] {
                let html = try await Self.page(client, uri, session: street).html
                let table = try #require(
                    html.firstMatch(of: /<table class="queue"(.*?)<\/table>/.dotMatchesNewlines())?.1)
                return table.matches(of: /<a href="\/cases\/([0-9-]+)">/).map { String($0.1) }
            }
            #expect(try await queue("/center?q=\(numbers[1].suffix(4))") == [numbers[1]])
            #expect(try await queue("/center?q=8000") == [numbers[2]])
            let urgent = try await Self.page(client, "/center?sort=due", session: street)
            #expect(urgent.status == .ok && urgent.html.contains(#"<option value="due" selected>"#))
            let badSort = try await client.call(.get, "/center?sort=sideways", headers: [.cookie: street])
            #expect(badSort.status == .badRequest && badSort.errorField == "sort")

            // Bulk acceptance: the selected cases accepted, the result counted on the page.
            let csrf = try Self.csrf(centre.html)
            var headers = P.formType
            headers[.cookie] = street
            let body =
                P.form(["_csrf": csrf, "action": "accept", "back": "/center"])
                + "&number=\(numbers[0])&number=\(numbers[1])"
            let bulk = try await client.call(.post, "/center/bulk", headers: headers, body: body)
            #expect(bulk.status == .seeOther && bulk.headers[.location] == "/center?accepted=2")
            let after = try await Self.page(client, "/center?accepted=2", session: street)
            #expect(after.html.contains("已受理: 2"))
            for number in numbers.prefix(2) {
                #expect(
                    try await harness.test.store.scoped(to: .system("t")).caseDetail(number: number).record.state
                        == .accepted)
            }
            // Then registered and dispatched to a department in bulk; a case not yet registered is named.
            func bulkPost(_ action: String, _ extra: [String: String], _ chosen: [String]) async throws -> String? {
                let fields = ["_csrf": csrf, "action": action, "back": "/center"].merging(extra) { a, _ in a }
                let body = P.form(fields) + chosen.map { "&number=\($0)" }.joined()
                return try await client.call(.post, "/center/bulk", headers: headers, body: body).headers[.location]
            }
            #expect(try await bulkPost("register", [:], Array(numbers.prefix(2))) == "/center?registered=2")
            #expect(
                centre.html.contains(#"id="bulk-dispatch""#) && centre.html.contains(#"<option value="330106-CG">"#))
            #expect(
                try await bulkPost("dispatch", ["unit": "330106-CG"], Array(numbers.prefix(3)))
                    == "/center?dispatched=2&refused=\(numbers[2])")
            let dispatched = try await Self.page(client, "/center?dispatched=2&refused=\(numbers[2])", session: street)
            #expect(dispatched.html.contains("已派遣: 2；未能办理: \(numbers[2])"))
            #expect(try await bulkPost("dispatch", [:], [numbers[0]]) == nil, "no unit: refused, naming the field")
            #expect(try await bulkPost("close", [:], [numbers[0]]) == nil, "only the intake steps go in bulk")
            for number in numbers.prefix(2) {
                let record = try await harness.test.store.scoped(to: .system("t")).caseDetail(number: number).record
                #expect(record.state == .dispatched && record.unit == "330106-CG")
            }
            // The same post from a department accepts nothing and names the cases.
            let sister = try await P.logIn(client, "dept")
            let sisterPage = try await Self.page(client, "/center", session: sister)
            var sisterHeaders = P.formType
            sisterHeaders[.cookie] = sister
            let refused = try await client.call(
                .post, "/center/bulk", headers: sisterHeaders,
                body: P.form(["_csrf": try Self.csrf(sisterPage.html), "action": "accept"]) + "&number=\(numbers[2])")
            #expect(refused.headers[.location] == "/center?accepted=0&refused=\(numbers[2])")
            #expect(
                try await harness.test.store.scoped(to: .system("t")).caseDetail(number: numbers[2]).record.state
                    == .reported)

            // Export: the filtered queue, a spreadsheet's formula defused; a department's holds none of them.
            let export = try await client.call(.get, "/center/export.csv?state=all", headers: [.cookie: street])
            let csv = export.json.stringValue ?? ""
            #expect(export.status == .ok && export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.hasPrefix("\u{FEFF}编号,类别,街道 · 社区") && numbers.allSatisfy { csv.contains($0) })
            #expect(csv.contains(#","'=HYPERLINK(""x"")""#))
            // The same as an Excel workbook: a ZIP whose sheet holds each number as text.
            let (workbookStatus, workbookType, bytes) = try await client.execute(
                uri: "/center/export.xlsx?state=all", method: .get, headers: [.cookie: street]
            ) { response in (response.status, response.headers[.contentType], Array(response.body.readableBytesView)) }
            #expect(workbookStatus == .ok && workbookType == Workbook.contentType)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let sheet = String(decoding: bytes, as: UTF8.self)
            #expect(
                sheet.contains("xl/worksheets/sheet1.xml") && sheet.contains(#"<t xml:space="preserve">编号</t>"#)
                    && numbers.allSatisfy { sheet.contains(#"<t xml:space="preserve">\#($0)</t>"#) })
            let sisterExport = try await client.call(.get, "/center/export.csv?state=all", headers: [.cookie: sister])
            let sisterLines = (sisterExport.json.stringValue ?? "").split(separator: "\r\n")
            #expect(
                sisterLines.count == 3 && !sisterLines.contains { $0.contains(numbers[2]) },
                "the header and the two cases dispatched to it")
        }
    }

    @Test("the scripts and the icon are served from this server; unknown assets are 404")
    func assets() async throws {
        try await APIHarness.with { _, client in
            for name in ServerFeatures.all.flatMap(\.assets) {
                let asset = try await client.call(.get, "/assets/\(name)")
                #expect(asset.status == .ok && asset.headers[.contentType] == PageAssets.contentType(of: name))
            }
            let icon = try await client.call(.get, "/favicon.ico")
            #expect(icon.status == .ok && icon.headers[.contentType] == "image/svg+xml")
            #expect(try await client.call(.get, "/assets/evil.js").status == .notFound)
        }
    }
}

extension CasePageTests {
    @Test(
        "a case given by an address the standard addresses are not sure of offers their candidates; one tap places it")
    func addressCandidates() async throws {
        try await APIHarness.with { harness, client in
            let file = "place,building,unit,room,grid_code,lat,lng\n文三路100号,3,,,330106001001002,,\n"
            _ = try await harness.test.store.importAddresses(
                Array(file.utf8), source: "a.csv", by: .system("test"))
            let centreToken = try await client.logIn("center")
            let reported = try await client.call(
                .post, "/api/v1/cases", token: centreToken,
                body: #"{"category":"HJ01","description":"楼道堆物","address":"文三路100号9幢","channel":"hotline"}"#)
            let number = try #require(reported.json["number"]?.stringValue)
            #expect(reported.json["location_pending"] == .bool(true), "not sure: building 9 is not in the tree")
            let centre = try await P.logIn(client, "center")
            let page = try await Self.page(client, "/cases/\(number)", session: centre)
            #expect(page.html.contains(#"id="address-candidates""#) && page.html.contains("定位到 文三路100号</button>"))
            let csrf = try Self.csrf(page.html)
            let seat = try await Self.seat(harness, "330106001001002")
            let placed = try await Self.post(
                client, "/cases/\(number)/act", session: centre,
                fields: [
                    ("_csrf", csrf), ("action", "locate"), ("lat", String(format: "%.6f", seat.lat)),
                    ("lng", String(format: "%.6f", seat.lng)),
                ])
            #expect(placed.location == "/cases/\(number)?done=locate")
            let record = try await harness.test.store.scoped(to: .system("t")).caseDetail(number: number).record
            #expect(record.regionCode.digits == "330106001001002" && !record.locationPending)
        }
    }
}

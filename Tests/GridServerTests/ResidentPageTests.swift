import Foundation
import GridCore
import GridStore
import GridTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The resident portal through what a browser sends: no account, forms, cookies.
@Suite("Pages: the resident portal")
struct ResidentPageTests {
    typealias P = PageTests

    /// The form token cookie and field of a page.
    static func formToken(_ client: any TestClientProtocol, _ uri: String) async throws -> (
        cookie: String, csrf: String, html: String
    ) {
        let page = try await client.call(.get, uri)
        let cookie = try #require(P.cookie(page.headers, "gridgov_form_csrf"))
        return (cookie, String(cookie.dropFirst("gridgov_form_csrf=".count)), page.json.stringValue ?? "")
    }

    @Test("a resident reports, keeps what was typed when the position is missing, tracks, and rates once closed")
    func reportTrackRate() async throws {
        try await APIHarness.with { harness, client in
            let (cookie, csrf, html) = try await Self.formToken(client, "/report")
            #expect(html.contains("<optgroup label=\"环境卫生\">") && html.contains("<option value=\"HJ01\""))
            var headers = P.formType
            headers[.cookie] = cookie
            let missing = try await client.call(
                .post, "/report", headers: headers,
                body: P.form(["_csrf": csrf, "category": "HJ01", "description": "楼下垃圾没人清", "lat": ""]))
            #expect(missing.status == .badRequest)
            let missingHTML = missing.json.stringValue ?? ""
            #expect(
                missingHTML.contains("楼下垃圾没人清") && missingHTML.contains("<option value=\"HJ01\" selected>")
                    && missingHTML.contains("位置"))

            let seat = try #require(
                try await harness.test.store.scoped(to: .system("t")).region(try RegionCode("330106001001001")).region?
                    .seat)
            let created = try await client.call(
                .post, "/report", headers: headers,
                body: P.form([
                    "_csrf": csrf, "category": "HJ01", "description": "楼下垃圾没人清", "lat": String(seat.lat),
                    "lng": String(seat.lng),
                ]))
            #expect(created.status == .created)
            let page = created.json.stringValue ?? ""
            let number = try #require(page.firstMatch(of: /id="case-number">([^<]+)</)?.1).description
            let token = try #require(page.firstMatch(of: /id="tracking-code">([^<]+)</)?.1).description

            let wrong = try await client.call(.get, "/track?number=\(number)&token=tr_wrong")
            #expect((wrong.json.stringValue ?? "").contains("编号或查询码不正确"))
            let tracked = try await client.call(.get, "/track?number=\(number)&token=\(token)")
            #expect((tracked.json.stringValue ?? "").contains(#"<span id="case-state">已上报</span>"#))

            // Staff work the case through to closure.
            let store = harness.test.store
            let street = Caller(actor: "street", role: .centre, scope: .region(try RegionCode("330106001")))
            let station = Caller(actor: "station", role: .station, scope: .region(try RegionCode("330106001001")))
            let worker = Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001")))
            for (caller, action, note) in [
                (street, CaseAction.accept, nil), (street, .register, nil), (street, .dispatch, nil),
                (station, .signIn, nil), (station, .handle, "已清运，垃圾站满了"), (worker, .verify, nil), (street, .close, nil),
            ] as [(Caller, CaseAction, String?)] {
                _ = try await store.scoped(to: caller).act(
                    on: number,
                    CaseActionInput(action: action, note: note, reply: action == .handle ? "垃圾已清运，感谢反映" : nil))
            }
            let (rateCookie, rateCSRF, ratePage) = try await Self.formToken(
                client, "/track?number=\(number)&token=\(token)")
            #expect(ratePage.contains("请评价办理结果") && ratePage.contains("答复群众：垃圾已清运，感谢反映"))
            #expect(!ratePage.contains("垃圾站满了"), "the internal note stays internal")
            #expect(ratePage.contains(#"<li class="done" aria-current="step">已结案</li>"#), "the progress steps")
            var rateHeaders = P.formType
            rateHeaders[.cookie] = rateCookie
            let noReason = try await client.call(
                .post, "/track/rate", headers: rateHeaders,
                body: P.form(["_csrf": rateCSRF, "number": number, "token": token, "rating": "unsatisfied"]))
            #expect((noReason.json.stringValue ?? "").contains("请写下不满意的原因"))
            #expect(
                try await store.scoped(to: .system("t")).caseDetail(number: number).record.state == .closed,
                "nothing was rated")
            let rated = try await client.call(
                .post, "/track/rate", headers: rateHeaders,
                body: P.form([
                    "_csrf": rateCSRF, "number": number, "token": token, "rating": "satisfied", "comment": "处理得很快",
                ]))
            let ratedHTML = rated.json.stringValue ?? ""
            #expect(rated.status == .ok && ratedHTML.contains("感谢您的评价") && ratedHTML.contains("已评价"))
            #expect(ratedHTML.contains("评价：满意（处理得很快）"), "the rating and its comment in the history")
            let forged = try await client.call(
                .post, "/track/rate", headers: P.formType,
                body: P.form(["_csrf": rateCSRF, "number": number, "token": token, "rating": "unsatisfied"]))
            #expect(forged.status == .forbidden, "no form cookie: a cross-site post")
        }
    }

    @Test("a resident signed in to an account reports through the same form (its own token, not the session's)")
    func signedInResident() async throws {
        try await APIHarness.with { harness, client in
            let session = try await P.logIn(client, "resident")
            let page = try await client.call(.get, "/report", headers: [.cookie: session])
            let formCookie = try #require(P.cookie(page.headers, "gridgov_form_csrf"))
            let csrf = String(formCookie.dropFirst("gridgov_form_csrf=".count))
            let seat = try #require(
                try await harness.test.store.scoped(to: .system("t")).region(try RegionCode("330106001001001")).region?
                    .seat)
            var headers = P.formType
            headers[.cookie] = session + "; " + formCookie
            let created = try await client.call(
                .post, "/report", headers: headers,
                body: P.form([
                    "_csrf": csrf, "category": "HJ01", "description": "门口积水", "lat": String(seat.lat),
                    "lng": String(seat.lng),
                ]))
            #expect(created.status == .created)
        }
    }
}

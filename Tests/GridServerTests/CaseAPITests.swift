import GridCore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("API: cases and the catalogue")
struct CaseAPITests {
    static func seat(_ client: any TestClientProtocol, _ token: String) async throws -> (Double, Double) {
        let grid = try await client.call(.get, "/api/v1/regions/330106001001001", token: token)
        return (
            try #require(grid.json["seat"]?["lat"]?.numberValue), try #require(grid.json["seat"]?["lng"]?.numberValue)
        )
    }

    @Test("a resident reports without an account, tracks by number and token, and is refused without the token")
    func anonymousReport() async throws {
        try await APIHarness.with { _, client in
            let (lat, lng) = try await Self.seat(client, try await client.logIn("admin"))
            let created = try await client.call(
                .post, "/api/v1/cases",
                body:
                    #"{"category":"HJ01","description":"小区门口垃圾成堆","lat":\#(lat),"lng":\#(lng),"reporter_phone":"13800138000"}"#
            )
            #expect(created.status == .created)
            let number = try #require(created.json["number"]?.stringValue)
            let token = try #require(created.json["tracking_token"]?.stringValue)
            #expect(created.headers[.location] == "/api/v1/cases/\(number)")
            #expect(created.json["channel"] == "resident" && created.json["region_code"] == "330106001001001")
            let tracked = try await client.call(.get, "/api/v1/cases/\(number)?tracking_token=\(token)")
            #expect(tracked.status == .ok && tracked.json["history"]?.arrayValue?.count == 1)
            let refused = try await client.call(.get, "/api/v1/cases/\(number)")
            #expect(refused.status == .forbidden)
        }
    }

    @Test("a resident attaches a photo with the tracking token; the type comes from the bytes")
    func photo() async throws {
        try await APIHarness.with { _, client in
            let (lat, lng) = try await Self.seat(client, try await client.logIn("admin"))
            let created = try await client.call(
                .post, "/api/v1/cases", body: #"{"category":"HJ01","description":"垃圾","lat":\#(lat),"lng":\#(lng)}"#)
            let number = try #require(created.json["number"]?.stringValue)
            let token = try #require(created.json["tracking_token"]?.stringValue)
            let jpeg = TestImages.jpeg
            let uploaded = try await client.execute(
                uri: "/api/v1/cases/\(number)/attachments?tracking_token=\(token)", method: .post,
                headers: [.contentType: "image/png"], body: ByteBuffer(bytes: jpeg)
            ) { $0 }
            #expect(uploaded.status == .created)
            let json = try JSONValue.parse(String(buffer: uploaded.body))
            #expect(json["content_type"] == "image/jpeg", "sniffed, not what the client claimed")
            let url = try #require(json["url"]?.stringValue)
            let fetched = try await client.execute(uri: url + "?tracking_token=\(token)", method: .get) { $0 }
            #expect(
                fetched.status == .ok && fetched.headers[.contentType] == "image/jpeg"
                    && Array(fetched.body.readableBytesView) == jpeg)
            let anonymous = try await client.execute(uri: url, method: .get) { $0 }
            #expect(anonymous.status == .forbidden)
            let notImage = try await client.call(
                .post, "/api/v1/cases/\(number)/attachments?tracking_token=\(token)", body: "hello")
            #expect(notImage.status == .badRequest && notImage.errorField == "file")
        }
    }

    @Test("an action out of turn answers 409 with the allowed actions")
    func conflict() async throws {
        try await APIHarness.with { _, client in
            let worker = try await client.logIn("worker")
            let (lat, lng) = try await Self.seat(client, worker)
            let created = try await client.call(
                .post, "/api/v1/cases", token: worker,
                body: #"{"category":"JF01","description":"邻里噪音纠纷","lat":\#(lat),"lng":\#(lng)}"#)
            #expect(created.json["channel"] == "patrol" && created.json["discoverer"] == "worker")
            let number = try #require(created.json["number"]?.stringValue)
            let street = try await client.logIn("street")
            let close = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: street, body: #"{"action":"close"}"#)
            #expect(
                close.status == .conflict && close.errorCode == "action_not_allowed" && close.errorField == "action")
            #expect(close.json["allowed_actions"] == ["accept", "reject", "merge", "request_void"])
            let accept = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: street, body: #"{"action":"accept"}"#)
            #expect(accept.status == .ok && accept.json["state"] == "accepted")
            #expect(accept.json["allowed_actions"]?.arrayValue?.contains("register") == true)
            let reject = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: street, body: #"{"action":"reject"}"#)
            #expect(reject.status == .badRequest && reject.errorField == "note")
            let unknown = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: street, body: #"{"action":"explode"}"#)
            #expect(unknown.status == .badRequest && unknown.errorField == "action")
        }
    }

    @Test("bad reports are 400 naming the field; anonymous reports are limited per client")
    func badReportsAndLimit() async throws {
        try await APIHarness.with { _, client in
            let bad = try await client.call(
                .post, "/api/v1/cases", body: #"{"category":"NOPE","description":"x","lat":30.2,"lng":120.1}"#)
            #expect(bad.status == .badRequest && bad.errorField == "category")
            let outside = try await client.call(
                .post, "/api/v1/cases", body: #"{"category":"HJ01","description":"x","lat":10,"lng":10}"#)
            #expect(outside.status == .badRequest && outside.errorField == "location")
            let halfPoint = try await client.call(
                .post, "/api/v1/cases", body: #"{"category":"HJ01","description":"x","lat":30.2}"#)
            #expect(halfPoint.errorField == "lng")
            let admin = try await client.logIn("admin")
            let (lat, lng) = try await Self.seat(client, admin)
            // The three refused reports above count too: attempts are limited, not successes.
            for n in 1...7 {
                let ok = try await client.call(
                    .post, "/api/v1/cases",
                    body: #"{"category":"HJ01","description":"第\#(n)次","lat":\#(lat),"lng":\#(lng)}"#)
                #expect(ok.status == .created)
            }
            let limited = try await client.call(
                .post, "/api/v1/cases", body: #"{"category":"HJ01","description":"再来","lat":\#(lat),"lng":\#(lng)}"#)
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            let list = try await client.call(.get, "/api/v1/cases?state=reported&limit=4", token: admin)
            #expect(list.json["cases"]?.arrayValue?.count == 4)
            let cursor = try #require(list.json["next_cursor"]?.stringValue)
            let next = try await client.call(
                .get, "/api/v1/cases?state=reported&limit=4&cursor=\(cursor)", token: admin)
            #expect(next.json["cases"]?.arrayValue?.count == 3)
            #expect(
                next.json["cases"]?.arrayValue?.first?["number"] != list.json["cases"]?.arrayValue?.first?["number"])
            let badState = try await client.call(.get, "/api/v1/cases?state=lost", token: admin)
            #expect(badState.status == .badRequest && badState.errorField == "state")
        }
    }

    @Test("the catalogue exports as JSON; only territory admins import one; a bad one names the entry")
    func catalogue() async throws {
        try await APIHarness.with { _, client in
            let exported = try await client.call(.get, "/api/v1/categories")
            let categories = try #require(exported.json["categories"]?.arrayValue)
            #expect(categories.contains { $0["code"] == "HJ01" && $0["handler"] == "community" })
            let body =
                #"{"categories":[{"code":"HJ","name":"环境卫生","handler":"township"},{"code":"HJ01","name":"生活垃圾堆放","parent":"HJ","handler":"community","limits":{"handle":12}}]}"#
            let center = try await client.call(
                .put, "/api/v1/categories", token: try await client.logIn("center"), body: body)
            #expect(center.status == .forbidden)
            let admin = try await client.logIn("admin")
            let saved = try await client.call(.put, "/api/v1/categories", token: admin, body: body)
            #expect(saved.status == .ok && saved.json["categories"]?.arrayValue?.count == 2)
            let region = try await client.call(.get, "/api/v1/regions/330106001001001", token: admin)
            let seat = try #require(region.json["seat"])
            let reported = try await client.call(
                .post, "/api/v1/cases",
                body:
                    #"{"category":"HJ01","description":"x","lat":\#(seat["lat"]?.numberValue ?? 0),"lng":\#(seat["lng"]?.numberValue ?? 0)}"#
            )
            #expect(
                reported.json["category_name"] == "生活垃圾堆放",
                "cases are named from the catalogue in force, not the shipped one")
            let bad = try await client.call(
                .put, "/api/v1/categories", token: admin,
                body: #"{"categories":[{"code":"HJ01","name":"x","parent":"QQ","handler":"community"}]}"#)
            #expect(bad.status == .badRequest && bad.errorField == "categories[0].parent")
            let badLimit = try await client.call(
                .put, "/api/v1/categories", token: admin,
                body: #"{"categories":[{"code":"HJ","name":"x","handler":"community","limits":{"nap":2}}]}"#)
            #expect(badLimit.status == .badRequest && badLimit.errorField == "categories[0].limits.nap")
        }
    }

    @Test(
        "impossible dates and paging numbers in the queue's filters get 400 naming them",
        arguments: [
            ("from=2026-02-30T00:00:00Z", "from"), ("to=2026-11-23T24:00:00Z", "to"), ("from=2026-11-23", "from"),
            ("limit=-5", "limit"), ("limit=0", "limit"), ("limit=201", "limit"), ("limit=ten", "limit"),
        ])
    func badFilters(_ query: String, _ field: String) async throws {
        try await APIHarness.with { _, client in
            let result = try await client.call(.get, "/api/v1/cases?" + query, token: try await client.logIn("center"))
            #expect(result.status == .badRequest && result.errorField == field, "\(query): \(result.json)")
        }
    }
}

import Foundation
import GridCore
import GridServer
import GridStore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Open311 GeoReport v2 under abuse")
struct Open311APITests {
    /// Reports `count` located cases as the demo grid worker, one clock tick apart.
    static func report(_ count: Int, into test: TestStore) async throws -> [String] {
        let worker = Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001")))
        var numbers: [String] = []
        for index in 0..<count {
            test.clock.advance(by: 1)
            let reported = try await test.store.scoped(to: worker).report(
                CaseReport(
                    category: "HJ01", description: "楼道垃圾 \(index)", location: GeoPoint(lat: 30.17375, lng: 120.0215),
                    channel: .patrol))
            numbers.append(reported.record.number)
        }
        test.clock.advance(by: 1)  // the default window ends now, exclusive
        return numbers
    }

    @Test("a page far down the list costs one query, and is the page asked for")
    func pageByNumberIsOneQuery() async throws {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            let numbers = try await Self.report(30, into: test)
            let counting = CountingDatabase(test.store.database)
            let store = GridStore(database: counting, now: test.clock.provider)
            let app = Application(router: try GridApplication.router(store: store, now: test.clock.provider))
            try await app.test(.router) { client in
                _ = try await client.call(.get, "/open311/v2/services.json")  // the catalogue is read once and kept
                counting.reset()
                let page = try await client.call(.get, "/open311/v2/requests.json?page_size=1&page=25")
                #expect(page.status == .ok)
                // Newest first: the 25th newest of 30.
                #expect(page.json.arrayValue?.first?["service_request_id"]?.stringValue == numbers.reversed()[24])
                #expect(counting.reads == 1, "one query whatever the page (was one per skipped page)")
                let beyond = try await client.call(.get, "/open311/v2/requests.json?page_size=2&page=29")
                #expect(beyond.status == .ok && beyond.json.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test(
        "paging numbers and dates that are not what they claim get 400 naming them",
        arguments: [
            ("page=-5", "page"), ("page=0", "page"), ("page=abc", "page"), ("page_size=0", "page_size"),
            ("page_size=1001", "page_size"), ("page_size=99999999999999999999", "page_size"),
            ("page_size=1000&page=12", "page"),
            ("start_date=2026-02-30T00:00:00Z", "start_date"), ("end_date=2026-11-23T24:00:00%2B08:00", "end_date"),
            ("start_date=yesterday", "start_date"),
        ])
    func badPagingIsRefused(_ query: String, _ field: String) async throws {
        try await APIHarness.with { _, client in
            let result = try await client.call(.get, "/open311/v2/requests.json?" + query)
            #expect(result.status == .badRequest, "\(query)")
            let description = result.json.arrayValue?.first?["description"]?.stringValue ?? ""
            #expect(
                description.hasPrefix(field + " ") || description.hasPrefix(field + ":"), "\(query): \(description)")
        }
    }
}

@Suite("Open311 GeoReport v2: requests with an address only")
struct Open311AddressOnlyTests {
    @Test("address_string alone is taken: the case waits at the key's county, 位置待确认, until the centre places it")
    func addressOnly() async throws {
        try await APIHarness.with { harness, client in
            let key = try await harness.test.store.addToken(
                name: "fms", role: .integration, scope: .region(try RegionCode("330106")),
                by: .system("test"))
            let posted = try await client.call(
                .post, "/open311/v2/requests.json", headers: [.contentType: "application/x-www-form-urlencoded"],
                body:
                    "api_key=\(key)&service_code=HJ01&description=%E5%9E%83%E5%9C%BE&address_string=%E6%96%87%E4%B8%89%E8%B7%AF100%E5%8F%B7"
            )
            #expect(posted.status == .created)
            let number = try #require(posted.json.arrayValue?.first?["service_request_id"]?.stringValue)
            let center = try await client.logIn("center")
            let detail = try await client.call(.get, "/api/v1/cases/\(number)", token: center)
            #expect(detail.json["location_pending"] == true && detail.json["address"] == "文三路100号")
            #expect(detail.json["allowed_actions"]?.arrayValue?.contains("locate") == true)
            let register = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: center, body: #"{"action":"accept"}"#)
            #expect(register.status == .ok)
            let early = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: center, body: #"{"action":"register"}"#)
            #expect(early.status == .conflict, "registered only once placed")
            let halfPosition = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: center, body: #"{"action":"locate","lat":30.17375}"#)
            #expect(halfPosition.status == .badRequest && halfPosition.errorField == "lng")
            let placed = try await client.call(
                .post, "/api/v1/cases/\(number)/actions", token: center,
                body: #"{"action":"locate","lat":30.17375,"lng":120.0215}"#)
            #expect(placed.status == .ok && placed.json["location_pending"] == false)
            #expect(placed.json["region_code"]?.stringValue?.count == 15, "placed in a grid")
            let nothing = try await client.call(
                .post, "/open311/v2/requests.json", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: "api_key=\(key)&service_code=HJ01&description=x&address_string=%20")
            #expect(nothing.status == .badRequest)
        }
    }
}

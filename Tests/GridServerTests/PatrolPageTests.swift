import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 巡查 and 考勤 through the phone page and the API the page sends its points to; the replay of a
/// track; the command centre's view of who is where.
@Suite("Pages: patrols and attendance")
struct PatrolPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("a worker signs in, patrols with points sent to the API, ends; the track replays; the centre sees where")
    func patrolDay() async throws {
        try await APIHarness.with { harness, client in
            let seat = try await CasePageTests.seat(harness)
            let worker = try await Browser.logIn(client, "worker")
            let far = try await worker.post(
                "/m/patrol/sign-in", ["lat": String(seat.lat + 0.3), "lng": String(seat.lng)])
            #expect(far.status == .badRequest && far.html.contains(#"id="patrol-error""#))
            let signed = try await worker.post("/m/patrol/sign-in", ["lat": String(seat.lat), "lng": String(seat.lng)])
            #expect(signed.location == "/m/patrol")
            #expect(try await worker.post("/m/patrol/start", [:]).location == "/m/patrol")
            let page = try await worker.get("/m/patrol")
            #expect(page.html.contains(#"id="signed-in""#) && page.html.contains(#"id="running""#))
            let patrol = try #require(
                page.html.firstMatch(of: /data-patrol="([^"]+)" data-county="([0-9]+)"/).map {
                    (String($0.1), String($0.2))
                })

            let token = try await client.logIn("worker")
            let now = harness.test.clock.provider.epochMilliseconds
            let points = (0..<5).map { step in
                #"{"t":\#(now - 60_000 + Int64(step) * 10_000),"lat":\#(seat.lat + Double(step) * 0.0001),"lng":\#(seat.lng)}"#
            }.joined(separator: ",")
            let path = "/api/v1/patrols/\(patrol.1)/\(patrol.0)/points"
            let sent = try await client.call(.post, path, token: token, body: #"{"points":[\#(points)]}"#)
            #expect(sent.status == .ok && sent.json["points"] == 5)
            let fast = try await client.call(
                .post, path, token: token,
                body: #"{"points":[{"t":\#(now - 10_000),"lat":\#(seat.lat + 0.05),"lng":\#(seat.lng)}]}"#)
            #expect(fast.status == .badRequest && fast.errorField == "points[0]")
            let other = try await client.call(
                .post, path, token: try await client.logIn("worker2"),
                body: #"{"points":[{"t":\#(now),"lat":\#(seat.lat),"lng":\#(seat.lng)}]}"#)
            #expect(other.status == .forbidden || other.status == .notFound)

            let ended = try await worker.post("/m/patrol/end", [:])
            #expect(ended.location == "/m/patrols/\(patrol.1)/\(patrol.0)")
            let replay = try await worker.get("/m/patrols/\(patrol.1)/\(patrol.0)")
            #expect(replay.status == .ok && replay.html.contains(#"<polyline id="track""#))
            #expect(replay.html.contains(#"id="replay-time""#))
            #expect(
                try await Browser.logIn(client, "worker2").get("/m/patrols/\(patrol.1)/\(patrol.0)").status == .notFound
            )

            let centre = try await Browser.logIn(client, "center")
            let field = try await centre.get("/center/field")
            #expect(
                field.status == .ok && field.html.contains(">worker</a></td>")
                    && field.html.contains(#"class="case worker""#))
            #expect(try await worker.get("/center/field").status == .forbidden)
            let coverage = try await centre.get("/center/field?grid=330106001001001")
            #expect(
                coverage.html.contains(#"id="coverage""#)
                    && coverage.html.contains(#"<a href="/m/log?worker=worker&amp;grid=330106001001001">worker</a>"#))
            let api = try await client.call(
                .get, "/api/v1/field-coverage?grid=330106001001001", token: try await client.logIn("center"))
            #expect(api.status == .ok && api.json["coverage"]?.arrayValue?.first?["days_signed_in"] == 1)
        }
    }
}

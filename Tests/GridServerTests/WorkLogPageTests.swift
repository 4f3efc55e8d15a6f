import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// 民情日志: the worker's day fills itself from what they did (signed in, patrolled, reported), the
/// worker adds notes, the grid leader finds the day in their list and comments; another grid's
/// worker reads nothing of it.
@Suite("Pages: daily log")
struct WorkLogPageTests {
    typealias Browser = AdminPageTests.Browser

    @Test("a worker's day fills itself, takes notes and the grid leader's comment")
    func dailyLog() async throws {
        try await APIHarness.with { harness, client in
            let seat = try await CasePageTests.seat(harness)
            let worker = try await Browser.logIn(client, "worker")
            _ = try await worker.post("/m/patrol/sign-in", ["lat": String(seat.lat), "lng": String(seat.lng)])
            let scoped = harness.test.store.scoped(
                to: Caller(actor: "worker", role: .worker, scope: .region(try RegionCode("330106001001001"))))
            let reported = try await scoped.report(
                CaseReport(category: "HJ01", description: "巡查发现垃圾堆放", location: seat, channel: .patrol))
            let day = try await worker.get("/m/log")
            #expect(day.status == .ok && day.html.contains(#"<dd id="log-reports">1</dd>"#))
            #expect(day.html.contains(reported.record.number) && day.html.contains(#"id="save-notes""#))
            let today = WorkingCalendar.local(harness.test.clock.provider.now).0.description
            let saved = try await worker.post(
                "/m/log/notes", ["day": today, "grid": "330106001001001", "notes": "走访独居老人两户，情况稳定。"])
            #expect(saved.location == "/m/log?worker=worker&grid=330106001001001&day=\(today)")
            let old = try await worker.post(
                "/m/log/notes", ["day": "2026-01-01", "grid": "330106001001001", "notes": "补记"])
            #expect(old.status == .badRequest && old.html.contains(#"id="log-error""#))

            let leader = try await Browser.logIn(client, "gridleader")
            let list = try await leader.get("/m/logs")
            #expect(list.status == .ok && list.html.contains("/m/log?worker=worker&amp;grid=330106001001001"))
            let path = "/m/log?worker=worker&grid=330106001001001&day=\(today)"
            let read = try await leader.get(path)
            #expect(read.html.contains("走访独居老人两户") && read.html.contains(#"id="save-comment""#))
            let commented = try await leader.post(
                "/m/log/comments",
                ["day": today, "grid": "330106001001001", "worker": "worker", "comment": "已阅，注意跟进垃圾清运。"])
            #expect(commented.location == path)
            #expect(try await worker.get("/m/log").html.contains("注意跟进垃圾清运"))
            let other = try await Browser.logIn(client, "worker2")
            #expect(try await other.get(path).status == .forbidden)
            #expect(
                try await other.post(
                    "/m/log/comments",
                    ["day": today, "grid": "330106001001001", "worker": "worker", "comment": "x"]
                ).status == .forbidden)
        }
    }
}

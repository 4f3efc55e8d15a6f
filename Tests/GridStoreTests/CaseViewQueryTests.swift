import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// What the command centre and the case pages read: tallies per region, names, departments,
/// photos that travel with reports and actions, notes — on both backends, bounded by scope.
@Suite("Store contract: what the case pages read")
struct CaseViewQueryTests {
    typealias C = CaseStoreTests

    static let png = TestImages.png()

    @Test(
        "open cases are tallied per child region by time light, within the caller's scope only",
        arguments: Backend.available)
    func tallies(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await C.seat(test)
            for _ in 0..<2 {
                _ = try await test.store.scoped(to: C.worker).report(
                    CaseReport(category: "HJ01", description: "x", location: seat, channel: .patrol))
            }
            let street = test.store.scoped(to: C.street)
            let node = try await street.topRegion()
            var tallies = try await street.openCaseTallies(under: node.region?.code, children: node.children)
            #expect(tallies["330106001001"] == CaseTally(open: 2, warned: 0, overdue: 0))
            #expect(tallies["330106001002"] == CaseTally())
            // Monday 09:30: both are past their one-hour acceptance limit.
            test.clock.advance(by: 18 * 3600)
            tallies = try await street.openCaseTallies(under: node.region?.code, children: node.children)
            #expect(tallies["330106001001"] == CaseTally(open: 2, warned: 0, overdue: 2))
            // Another street's centre sees nothing of them, and may not look under this street.
            let sister = test.store.scoped(to: try C.caller("street2", .centre, "330106002"))
            let sisterNode = try await sister.topRegion()
            #expect(
                try await sister.openCaseTallies(under: sisterNode.region?.code, children: sisterNode.children).values
                    .allSatisfy { $0 == CaseTally() })
            await #expect(throws: StoreError.self) {
                try await sister.openCaseTallies(under: node.region?.code, children: node.children)
            }
        }
    }

    @Test("names of regions and departments; departments of the caller's county", arguments: Backend.available)
    func namesAndDepartments(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let street = test.store.scoped(to: C.street)
            let names = try await street.names(of: ["330106001001001", "330106-CG", "330106999999", "nonsense"])
            #expect(names["330106-CG"]?.hasSuffix("城管局") == true && names["330106001001001"] != nil && names.count == 2)
            let departments = try await street.departments()
            #expect(departments.count == 6 && departments.allSatisfy { $0.code.countyCode == "330106" })
        }
    }

    @Test("photos commit with their report and action, or not at all", arguments: Backend.available)
    func photosWithChanges(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await C.seat(test)
            let photo = try Photo(Self.png)
            await #expect(throws: StoreError.self) { try Photo(Array("GIF89a".utf8)) }
            let reported = try await test.store.scoped(to: C.worker).report(
                CaseReport(
                    category: "HJ01", description: "x", location: seat, channel: .patrol, photos: [photo]))
            let number = reported.record.number
            #expect(try await test.store.scoped(to: C.street).attachments(of: number).count == 1)
            // A refused action (no note) leaves its photo out too.
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: C.worker).act(
                    on: number, CaseActionInput(action: .selfHandle, photos: [try Photo(TestImages.png(shade: 1))]))
            }
            #expect(try await test.store.scoped(to: C.street).attachments(of: number).count == 1)
            let handled = try await test.store.scoped(to: C.worker).act(
                on: number,
                CaseActionInput(
                    action: .selfHandle, note: "已清理", photos: [try Photo(TestImages.png(shade: 1))]))
            #expect(
                handled.record.state == .selfHandled
                    && handled.history.map(\.action) == ["report", "attach", "self_handle", "attach"])
        }
    }

    @Test(
        "a note joins the history without moving the case; only those who see the case may add one",
        arguments: Backend.available)
    func notes(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let number = try await test.store.scoped(to: C.worker).report(
                CaseReport(
                    category: "HJ01", description: "x", location: try await C.seat(test), channel: .patrol)
            ).record.number
            let entry = try await test.store.scoped(to: C.street).addNote("居民补充：晚上更严重", to: number)
            #expect(entry.action == "note" && entry.sequence == 2 && entry.to == .reported)
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: C.worker2).addNote("x", to: number)
            }
            let auditor = Caller(actor: "auditor", role: .auditor, scope: .territory)
            await #expect(throws: StoreError.self, "read-only roles see but do not remark") {
                try await test.store.scoped(to: auditor).addNote("x", to: number)
            }
            await #expect(throws: StoreError.self) {
                try await test.store.scoped(to: C.street).addNote("  ", to: number)
            }
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }
}

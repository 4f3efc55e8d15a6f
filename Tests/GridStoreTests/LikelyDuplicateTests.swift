import Foundation
import GridCore
import GridTestSupport
import Testing

@testable import GridStore

/// The duplicate check names what has committed and is still open, though it reads memory
/// (``OpenCaseIndex``) and another process or server may write beside it.
@Suite("Store contract: likely duplicates are the open cases that committed")
struct LikelyDuplicateTests {
    static let worker = CaseStoreTests.worker
    static let street = CaseStoreTests.street

    static func report(_ store: GridStore, near seat: GeoPoint, metres north: Double, _ description: String)
        async throws -> CaseRecord
    {
        let point = GeoPoint(lat: seat.lat + north / 111_195, lng: seat.lng)
        return try await store.scoped(to: worker).report(
            CaseReport(category: "HJ01", description: description, location: point, channel: .patrol)
        ).record
    }

    @Test(
        "a merged case stops being a likely original, and so does one reported more than 72 hours ago",
        arguments: Backend.available)
    func mergedAndOldCases(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await CaseStoreTests.seat(test)
            let first = try await Self.report(test.store, near: seat, metres: 0, "垃圾")
            let second = try await Self.report(test.store, near: seat, metres: 30, "又见垃圾")
            #expect(second.likelyDuplicates == [first.number])
            _ = try await test.store.scoped(to: Self.street).act(
                on: second.number, CaseActionInput(action: .merge, duplicateOf: first.number))
            let third = try await Self.report(test.store, near: seat, metres: 60, "还是垃圾")
            #expect(third.likelyDuplicates == [first.number], "the merged case is not open")
            let far = try await Self.report(test.store, near: seat, metres: 250, "远处的垃圾")
            #expect(far.likelyDuplicates.isEmpty, "beyond 100 m")
            test.clock.advance(by: Double(ScopedStore.duplicateWindowMilliseconds) / 1000 - 60)
            #expect(
                try await Self.report(test.store, near: seat, metres: 0, "三天后").likelyDuplicates == [
                    first.number, third.number,
                ])
            test.clock.advance(by: 120)
            let later = try await Self.report(test.store, near: seat, metres: 0, "三天多以后")
            #expect(later.likelyDuplicates.count == 1, "only the report of a minute ago is within the window")
        }
    }

    @Test(
        "what another server or command writes is seen: a case it reports by the next report, a case it merges at once on SQLite and within the lag on PostgreSQL",
        arguments: Backend.available)
    func writesBesideTheServer(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            try await test.withStoreBeside { beside in
                let seat = try await CaseStoreTests.seat(test)
                let first = try await Self.report(test.store, near: seat, metres: 0, "本服务器收到的")
                let written = try await Self.report(beside, near: seat, metres: 20, "另一服务器收到的")
                let third = try await Self.report(test.store, near: seat, metres: 40, "本服务器又收到的")
                #expect(third.likelyDuplicates == [first.number, written.number])
                _ = try await beside.scoped(to: Self.street).act(
                    on: written.number, CaseActionInput(action: .merge, duplicateOf: first.number))
                // SQLite knows another connection committed; PostgreSQL servers reread what others may have closed.
                if backend.speaksPostgres {
                    test.clock.advance(by: Double(OpenCaseIndex.otherServersLagMilliseconds) / 1000)
                }
                let fourth = try await Self.report(test.store, near: seat, metres: 10, "合并之后")
                #expect(fourth.likelyDuplicates == [first.number, third.number])
            }
        }
    }

    @Test(
        "a case written by a transaction that rolled back, whole or to its savepoint, is nobody's likely original",
        arguments: Backend.available)
    func rolledBackWrites(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await CaseStoreTests.seat(test)
            let first = try await Self.report(test.store, near: seat, metres: 0, "真的")
            @Sendable func ghost(_ n: Int) -> CaseRecord {
                var ghost = first
                ghost.id = "ffffffffffff-000000000000000\(n)"
                ghost.number = "330106-20261122-900\(n)"
                return ghost
            }
            let refused = StoreError.invalid(field: "test", reason: "rolled back")
            await #expect(throws: refused) {
                try await test.store.database.write { db in
                    try CaseQueries.insert(ghost(1), trackingHash: nil, on: db)
                    throw refused
                }
            }
            // Alone in its batch: the shared attempt fails, and the replay rolls it back to its savepoint.
            await #expect(throws: refused) {
                try await test.store.intakeWriter.submit { db in
                    try CaseQueries.insert(ghost(2), trackingHash: nil, on: db)
                    throw refused
                }
            }
            let next = try await Self.report(test.store, near: seat, metres: 20, "又一个")
            #expect(next.likelyDuplicates == [first.number])
            // A store that has not read the county yet reads it inside a transaction that wrote a case
            // and then fails: what it read must not keep that case.
            try await test.withStoreBeside { beside in
                let (day, _) = WorkingCalendar.local(test.clock.provider.now)
                let now = test.clock.provider.epochMilliseconds
                await #expect(throws: refused) {
                    try await beside.database.write { db in
                        try CaseQueries.insert(ghost(3), trackingHash: nil, on: db)
                        _ = try db.participant(OpenCasesInTransaction.self).nearby(
                            category: "HJ01", location: seat, county: "330106", day: day, now: now, on: db)
                        throw refused
                    }
                }
                let besideNext = try await Self.report(beside, near: seat, metres: 10, "另一服务器")
                #expect(besideNext.likelyDuplicates == [first.number, next.number])
            }
        }
    }
}

extension LikelyDuplicateTests {
    @Test("a county's index drops what left the window when it has doubled, and holds only what it can answer for")
    func sweep() {
        var county = OpenCaseIndex.County(since: 0)
        let point = GeoPoint(lat: 30.25, lng: 120.15)
        for n in 1...10 {
            county.insert(
                OpenCaseIndex.Entry(id: "id\(n)", number: "n\(n)", location: point, reportedAt: Int64(n * 1_000)),
                category: "HJ01")
        }
        county.sweep(since: 5_000)
        #expect(county.since == 5_000, "a lookup from before this reads the table again")
        #expect(Set(county.places.keys) == Set((6...10).map { "id\($0)" }))
        #expect(county.cells["HJ01"]?[PlaceCell.key(of: point)]?.map(\.number) == (6...10).map { "n\($0)" })
        county.remove(id: "id6")
        #expect(county.places["id6"] == nil && county.cells["HJ01"]?[PlaceCell.key(of: point)]?.count == 4)
    }
}

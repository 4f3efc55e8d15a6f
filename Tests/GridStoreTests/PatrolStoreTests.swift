import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 巡查 and 考勤: a worker's track is stored in a few bytes a point, refused when it runs
/// backwards, from the future or faster than anyone patrols; a building is passed when the track
/// comes near it; a worker signs in only in or near their grid; the centre sees where they are.
@Suite("Store contract: patrols and attendance")
struct PatrolStoreTests {
    typealias S = CaseStoreTests

    /// A walk north from `start`: a point every 10 s, about 12 m apart.
    static func walk(from start: GeoPoint, at: Int64, count: Int) -> [TrackPoint] {
        (0..<count).map { step in
            TrackPoint(
                at: at + Int64(step) * 10_000, point: GeoPoint(lat: start.lat + Double(step) * 0.000_11, lng: start.lng)
            )
        }
    }

    @Test("a walk encodes in a few bytes a point and decodes to the microdegree; its line simplifies")
    func codec() throws {
        let points = Self.walk(from: GeoPoint(lat: 30.274_1, lng: 120.155_2), at: 1_795_334_400_000, count: 360)
        let bytes = TrackCodec.encode(points)
        #expect(Double(bytes.count) / Double(points.count) < 6)
        let decoded = try #require(TrackCodec.decode(bytes))
        #expect(decoded.count == 360 && decoded.last?.at == points.last?.at)
        #expect(abs((decoded.last?.point.lat ?? 0) - (points.last?.point.lat ?? 0)) < 1e-6)
        #expect(TrackCodec.decode(Array(bytes.dropLast())) == nil, "a chunk cut short is no track")
        #expect(Track.simplified(points, tolerance: 5).count == 2, "a straight walk is its two ends")
        #expect(abs(Track.length(points) - 359 * 12.23) < 10)
    }

    @Test("out of order, from the future, off the globe or too fast: the point is named")
    func checks() {
        let now: Int64 = 1_795_334_400_000
        let start = TrackPoint(at: now - 60_000, point: GeoPoint(lat: 30.27, lng: 120.15))
        let jump = TrackPoint(at: now - 50_000, point: GeoPoint(lat: 30.37, lng: 120.15))
        #expect(Track.problem([jump], after: start, now: now, skew: 0)?.index == 0)
        let walk = Self.walk(from: start.point, at: start.at + 10_000, count: 3)
        #expect(Track.problem(walk, after: start, now: now, skew: 0) == nil)
        #expect(Track.problem([walk[1], walk[0]], after: start, now: now, skew: 0)?.index == 1)
        let later = TrackPoint(at: now + 600_000, point: start.point)
        #expect(Track.problem([later], after: nil, now: now, skew: 300_000)?.index == 0)
        let nowhere = TrackPoint(at: now, point: GeoPoint(lat: 95, lng: 0))
        #expect(Track.problem([nowhere], after: nil, now: now, skew: 0)?.index == 0)
    }

    @Test(
        "a patrol records its track, refuses a bad point and another worker, ends; the buildings it passed count",
        arguments: Backend.available)
    func patrolling(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            let addresses = """
                地址,楼栋,单元,室,网格编码,纬度,经度
                巡查路1号,1,,,\(S.grid.digits),\(seat.lat + 0.000_5),\(seat.lng)
                巡查路9号,2,,,\(S.grid.digits),\(seat.lat),\(seat.lng + 0.01)

                """
            _ = try await test.store.importAddresses(
                Array(addresses.utf8), source: "a.csv", by: Caller(actor: "admin", role: .admin, scope: .territory))
            let worker = test.store.scoped(to: S.worker)
            let patrol = try await worker.startPatrol()
            #expect(try await worker.startPatrol().id == patrol.id, "one patrol runs at a time")
            let now = test.clock.provider.epochMilliseconds
            let points = Self.walk(from: seat, at: now - 100_000, count: 10)
            let after = try await worker.addTrackPoints(points, to: patrol.id, county: "330106")
            #expect(after.points == 10 && abs(after.distanceMetres - 9 * 12.23) < 3)
            do {
                _ = try await worker.addTrackPoints(
                    [TrackPoint(at: now - 50_000, point: seat)], to: patrol.id, county: "330106")
                Issue.record("a point before the last was taken")
            } catch StoreError.invalid(let field, _) {
                #expect(field == "points[0]")
            }
            await #expect(throws: StoreError.self, "another worker's patrol") {
                try await test.store.scoped(to: S.worker2).addTrackPoints(
                    [TrackPoint(at: now, point: seat)], to: patrol.id, county: "330106")
            }
            let ended = try await worker.endPatrol(patrol.id, county: "330106")
            #expect(ended.endedAt != nil)
            await #expect(throws: StoreError.self, "an ended patrol takes no points") {
                try await worker.addTrackPoints([TrackPoint(at: now, point: seat)], to: patrol.id, county: "330106")
            }
            let (read, track) = try await test.store.scoped(to: S.county).patrol(patrol.id, county: "330106")
            #expect(read.points == 10 && track.map(\.at) == points.map(\.at))
            #expect(zip(track, points).allSatisfy { GeoPoint.distanceMetres($0.point, $1.point) < 0.2 })
            await #expect(throws: StoreError.self, "another grid's worker reads no track") {
                try await test.store.scoped(to: S.worker2).patrol(patrol.id, county: "330106")
            }
            let coverage = try await test.store.scoped(to: S.county).patrolCoverage(
                inGrid: S.grid, from: now - 86_400_000, to: now + 1)
            #expect(coverage.map(\.worker) == ["worker"])
            #expect(coverage.first?.buildingsPassed == 1 && coverage.first?.buildings == 2)
        }
    }

    @Test(
        "attendance: signed in within the grid, refused far from it, signed out after; the centre sees where",
        arguments: Backend.available)
    func attendance(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            let worker = test.store.scoped(to: S.worker)
            await #expect(throws: StoreError.self, "no sign-out before a sign-in") {
                try await worker.signOut(at: seat)
            }
            do {
                _ = try await worker.signIn(at: GeoPoint(lat: seat.lat + 0.2, lng: seat.lng))
                Issue.record("a sign-in 20 km away was taken")
            } catch StoreError.invalid(let field, _) {
                #expect(field == "position")
            }
            let day = try await worker.signIn(at: seat)
            test.clock.advance(by: 3600)
            #expect(try await worker.signIn(at: seat).signedInAt == day.signedInAt, "the first sign-in stays")
            let out = try await worker.signOut(at: seat)
            #expect(out.signedOutAt == test.clock.provider.epochMilliseconds)
            let positions = try await test.store.scoped(to: S.county).workerPositions(since: 0)
            #expect(positions.map(\.worker) == ["worker"] && positions.first?.point == seat)
            #expect(try await test.store.scoped(to: S.station).workerPositions(since: 0).count == 1)
            let elsewhere = Caller(actor: "c2", role: .centre, scope: .region(try RegionCode("330106002")))
            #expect(try await test.store.scoped(to: elsewhere).workerPositions(since: 0).isEmpty)
            await #expect(throws: StoreError.self, "a worker does not watch the others") {
                try await test.store.scoped(to: S.worker2).workerPositions(since: 0)
            }
            await #expect(throws: StoreError.self, "a centre does not patrol") {
                try await test.store.scoped(to: S.county).startPatrol()
            }
        }
    }
}

import Foundation
import GridCore

/// A patrol (巡查) as it is read back.
public struct PatrolView: Sendable, Hashable {
    public var id: String
    public var county: String
    public var grid: RegionCode
    public var worker: String
    public var startedAt: Int64
    public var endedAt: Int64?
    public var points: Int
    public var distanceMetres: Double
    public var lastPoint: TrackPoint?

    /// Minutes from start to end, or to the latest point of a patrol still running.
    public var minutes: Double {
        Double((endedAt ?? lastPoint?.at ?? startedAt) - startedAt) / 60_000
    }
}

/// A worker's day signed in and out (考勤).
public struct AttendanceDay: Sendable, Hashable {
    public var worker: String
    public var day: CalendarDay
    public var grid: RegionCode
    public var signedInAt: Int64
    public var signedOutAt: Int64?
}

/// Where a worker was last seen, for the command centre's map.
public struct WorkerPosition: Sendable, Hashable {
    public var worker: String
    public var grid: RegionCode
    public var point: GeoPoint
    public var at: Int64
}

/// A grid's field work over some days, per worker: minutes patrolled, distance, the share of the
/// grid's buildings a track passed near, days signed in.
public struct PatrolCoverage: Sendable, Hashable {
    public var worker: String
    public var minutes: Double
    public var distanceMetres: Double
    public var buildingsPassed: Int
    public var buildings: Int
    public var daysSignedIn: Int
}

extension ScopedStore {
    /// A sign-in this far outside the grid's boundary is refused.
    public static let attendanceToleranceMetres = 200.0
    /// A building is passed when a track point comes this close.
    public static let passedWithinMetres = 30.0

    /// Who patrols: a grid's worker and its leader.
    func requirePatroller() throws(StoreError) {
        guard [.worker, .gridleader].contains(caller.role) else { throw .outOfScope("patrols (grid workers only)") }
    }

    /// The grid a worker patrols: the one named, in scope, or their own.
    func patrolGrid(_ named: RegionCode?) throws(StoreError) -> RegionCode {
        if let named {
            try requireInScope(named)
            guard named.level >= .grid else { throw .invalid(field: "grid_code", reason: "is not a grid") }
            return named
        }
        guard let own = caller.scope.topRegion, own.level >= .grid else {
            throw .invalid(field: "grid_code", reason: "choose the grid to patrol")
        }
        return own
    }

    /// Starts a patrol, or answers the one the worker already has running.
    public func startPatrol(grid named: RegionCode? = nil) async throws -> PatrolView {
        try requirePatroller()
        if let running = try await runningPatrol() { return running }
        let grid = try patrolGrid(named)
        let now = store.now.epochMilliseconds
        let id = UUID().uuidString.lowercased()
        try await store.database.write { db in
            try db.execute(
                """
                INSERT INTO patrols (county_code, id, grid_code, worker, started_at, points, distance_m)
                VALUES (?, ?, ?, ?, ?, 0, 0)
                """, [.text(grid.countyCode), .text(id), .text(grid.digits), .text(caller.actor), .integer(now)])
            try Journal.append(
                JournalChange(
                    chain: grid.countyCode, actor: caller.actor, action: "patrol.start", entity: "patrols",
                    entityID: id, after: ["grid": .string(grid.digits)]),
                at: now, on: db)
        }
        return PatrolView(
            id: id, county: grid.countyCode, grid: grid, worker: caller.actor, startedAt: now, endedAt: nil, points: 0,
            distanceMetres: 0, lastPoint: nil)
    }

    /// The caller's patrol still running, if any.
    public func runningPatrol() async throws -> PatrolView? {
        try await store.database.read { db in
            try db.queryOne(
                "SELECT \(Self.patrolColumns) FROM patrols WHERE worker = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1",
                [.text(caller.actor)]
            ).map(Self.patrolView)
        }
    }

    /// Adds points to the caller's own running patrol: checked against its last point (order,
    /// time, speed), stored as one compact chunk, the totals and the worker's position updated.
    public func addTrackPoints(_ points: [TrackPoint], to id: String, county: String) async throws -> PatrolView {
        try requirePatroller()
        guard !points.isEmpty else { throw StoreError.invalid(field: "points", reason: "is empty") }
        let now = store.now.epochMilliseconds
        return try await store.database.write { db in
            var patrol = try ownPatrol(id, county: county, on: db)
            guard patrol.endedAt == nil else { throw StoreError.conflict("the patrol has ended") }
            if let (index, reason) = Track.problem(
                points, after: patrol.lastPoint, now: now, skew: Self.clockSkewMilliseconds)
            {
                throw StoreError.invalid(field: "points[\(index)]", reason: reason)
            }
            let seq =
                try db.queryOne(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM track_chunks WHERE county_code = ? AND patrol_id = ?",
                    [.text(county), .text(id)]
                ).map { try $0.integer(0) } ?? 1
            try db.execute(
                "INSERT INTO track_chunks (county_code, patrol_id, seq, points, bytes) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(county), .text(id), .integer(seq), .integer(Int64(points.count)),
                    .blob(TrackCodec.encode(points)),
                ])
            patrol.distanceMetres += Track.length(points, from: patrol.lastPoint)
            patrol.points += points.count
            patrol.lastPoint = points.last
            let last = points[points.count - 1]
            try db.execute(
                """
                UPDATE patrols SET points = ?, distance_m = ?, last_at = ?, last_lat = ?, last_lng = ?
                WHERE county_code = ? AND id = ?
                """,
                [
                    .integer(Int64(patrol.points)), .real(patrol.distanceMetres), .integer(last.at),
                    .real(last.point.lat), .real(last.point.lng), .text(county), .text(id),
                ])
            try Self.recordPosition(
                caller.actor, grid: patrol.grid, at: last, on: db)
            return patrol
        }
    }

    static func recordPosition(_ worker: String, grid: RegionCode, at point: TrackPoint, on db: any SQLConnection)
        throws
    {
        try db.execute(
            "DELETE FROM worker_positions WHERE county_code = ? AND worker = ?",
            [.text(grid.countyCode), .text(worker)])
        try db.execute(
            "INSERT INTO worker_positions (worker, county_code, grid_code, lat, lng, at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(worker), .text(grid.countyCode), .text(grid.digits), .real(point.point.lat),
                .real(point.point.lng), .integer(point.at),
            ])
    }

    /// The caller's own patrol, read inside a write; another worker's is not found.
    private func ownPatrol(_ id: String, county: String, on db: any SQLConnection) throws -> PatrolView {
        guard
            let patrol = try db.queryOne(
                "SELECT \(Self.patrolColumns) FROM patrols WHERE county_code = ? AND id = ?",
                [.text(county), .text(id)]
            ).map(Self.patrolView), patrol.worker == caller.actor
        else { throw StoreError.notFound("patrol \(id)") }
        return patrol
    }

    /// Ends the caller's own patrol.
    public func endPatrol(_ id: String, county: String) async throws -> PatrolView {
        try requirePatroller()
        let now = store.now.epochMilliseconds
        return try await store.database.write { db in
            var patrol = try ownPatrol(id, county: county, on: db)
            guard patrol.endedAt == nil else { return patrol }
            patrol.endedAt = now
            try db.execute(
                "UPDATE patrols SET ended_at = ? WHERE county_code = ? AND id = ?",
                [.integer(now), .text(county), .text(id)])
            try Journal.append(
                JournalChange(
                    chain: county, actor: caller.actor, action: "patrol.end", entity: "patrols", entityID: id,
                    after: [
                        "points": .number(Double(patrol.points)),
                        "distance_m": .number(patrol.distanceMetres.rounded()),
                    ]),
                at: now, on: db)
            return patrol
        }
    }

    /// A patrol in scope with its whole track.
    public func patrol(_ id: String, county: String) async throws -> (PatrolView, [TrackPoint]) {
        let (patrol, chunks) = try await store.database.read { db -> (PatrolView?, [[UInt8]]) in
            let patrol = try db.queryOne(
                "SELECT \(Self.patrolColumns) FROM patrols WHERE county_code = ? AND id = ?",
                [.text(county), .text(id)]
            ).map(Self.patrolView)
            let chunks = try db.query(
                "SELECT bytes FROM track_chunks WHERE county_code = ? AND patrol_id = ? ORDER BY seq",
                [.text(county), .text(id)]
            ).map { row -> [UInt8] in
                guard case .blob(let bytes) = row.values[0] else { throw StoreError.corrupt("a track chunk") }
                return bytes
            }
            return (patrol, chunks)
        }
        guard let patrol, caller.scope.contains(patrol.grid) || patrol.worker == caller.actor else {
            throw StoreError.notFound("patrol \(id)")
        }
        var points: [TrackPoint] = []
        for chunk in chunks {
            guard let decoded = TrackCodec.decode(chunk) else { throw StoreError.corrupt("patrol \(id)'s track") }
            points += decoded
        }
        return (patrol, points)
    }

    /// A grid's patrols started from `from` (inclusive) to `to` (exclusive), newest first.
    public func patrols(inGrid grid: RegionCode, from: Int64, to: Int64) async throws -> [PatrolView] {
        try requireInScope(grid)
        return try await store.database.read { db in
            try db.query(
                """
                SELECT \(Self.patrolColumns) FROM patrols
                WHERE county_code = ? AND grid_code = ? AND started_at >= ? AND started_at < ?
                ORDER BY started_at DESC LIMIT 500
                """, [.text(grid.countyCode), .text(grid.digits), .integer(from), .integer(to)]
            ).map(Self.patrolView)
        }
    }

    /// Signs the caller in for today (考勤), where they stand: inside their grid or within
    /// ``attendanceToleranceMetres`` of its boundary. Signing in again keeps the first time.
    public func signIn(at position: GeoPoint, grid named: RegionCode? = nil) async throws -> AttendanceDay {
        try requirePatroller()
        let grid = try patrolGrid(named)
        try await requireNear(grid, position)
        let now = store.now.epochMilliseconds
        let day = WorkingCalendar.local(store.now.now).0
        return try await store.database.write { db in
            if let kept = try db.queryOne(
                "SELECT signed_in_at, signed_out_at FROM attendance WHERE county_code = ? AND worker = ? AND day = ?",
                [.text(grid.countyCode), .text(caller.actor), .text(day.description)])
            {
                return AttendanceDay(
                    worker: caller.actor, day: day, grid: grid, signedInAt: try kept.integer(0),
                    signedOutAt: try kept.optionalInteger(1))
            }
            try db.execute(
                "INSERT INTO attendance (county_code, worker, day, grid_code, signed_in_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(grid.countyCode), .text(caller.actor), .text(day.description), .text(grid.digits),
                    .integer(now),
                ])
            try Self.recordPosition(caller.actor, grid: grid, at: TrackPoint(at: now, point: position), on: db)
            try Journal.append(
                JournalChange(
                    chain: grid.countyCode, actor: caller.actor, action: "attendance.sign_in", entity: "attendance",
                    entityID: caller.actor + "/" + day.description, after: ["grid": .string(grid.digits)]),
                at: now, on: db)
            return AttendanceDay(worker: caller.actor, day: day, grid: grid, signedInAt: now, signedOutAt: nil)
        }
    }

    /// Signs the caller out for today, from near their grid; only after signing in.
    public func signOut(at position: GeoPoint, grid named: RegionCode? = nil) async throws -> AttendanceDay {
        try requirePatroller()
        let grid = try patrolGrid(named)
        try await requireNear(grid, position)
        let now = store.now.epochMilliseconds
        let day = WorkingCalendar.local(store.now.now).0
        return try await store.database.write { db in
            guard
                let kept = try db.queryOne(
                    "SELECT signed_in_at FROM attendance WHERE county_code = ? AND worker = ? AND day = ?",
                    [.text(grid.countyCode), .text(caller.actor), .text(day.description)])
            else { throw StoreError.conflict("sign in before signing out") }
            try db.execute(
                "UPDATE attendance SET signed_out_at = ? WHERE county_code = ? AND worker = ? AND day = ?",
                [.integer(now), .text(grid.countyCode), .text(caller.actor), .text(day.description)])
            try Self.recordPosition(caller.actor, grid: grid, at: TrackPoint(at: now, point: position), on: db)
            try Journal.append(
                JournalChange(
                    chain: grid.countyCode, actor: caller.actor, action: "attendance.sign_out", entity: "attendance",
                    entityID: caller.actor + "/" + day.description, after: [:]),
                at: now, on: db)
            return AttendanceDay(
                worker: caller.actor, day: day, grid: grid, signedInAt: try kept.integer(0), signedOutAt: now)
        }
    }

    /// The caller's attendance today, if signed in.
    public func attendanceToday() async throws -> AttendanceDay? {
        let day = WorkingCalendar.local(store.now.now).0
        return try await store.database.read { db in
            try db.queryOne(
                "SELECT grid_code, signed_in_at, signed_out_at FROM attendance WHERE worker = ? AND day = ?",
                [.text(caller.actor), .text(day.description)]
            ).map { row in
                guard let grid = try? RegionCode(try row.text(0)) else { throw StoreError.corrupt("attendance grid") }
                return AttendanceDay(
                    worker: caller.actor, day: day, grid: grid, signedInAt: try row.integer(1),
                    signedOutAt: try row.optionalInteger(2))
            }
        }
    }

    private func requireNear(_ grid: RegionCode, _ position: GeoPoint) async throws {
        guard let boundary = try await region(grid).region?.boundary else { return }
        let distance = boundary.distanceMetres(to: position)
        guard distance <= Self.attendanceToleranceMetres else {
            throw StoreError.invalid(
                field: "position",
                reason:
                    "is \(Int(distance)) m outside the grid; sign in within \(Int(Self.attendanceToleranceMetres)) m of it"
            )
        }
    }

    /// Where the workers in scope were last seen, newest first.
    public func workerPositions(since: Int64) async throws -> [WorkerPosition] {
        guard [.admin, .centre, .leader, .station, .gridleader].contains(caller.role) else {
            throw StoreError.outOfScope("workers' positions")
        }
        let range = caller.scope.regionRange
        // Within a county its code is named: the index's first column, and one shard on Citus.
        let county = range.prefix.count >= 6 ? String(range.prefix.prefix(6)) : nil
        return try await store.database.read { db in
            try db.query(
                """
                SELECT worker, grid_code, lat, lng, at FROM worker_positions
                WHERE grid_code >= ? AND grid_code < ? AND at >= ?\(county == nil ? "" : " AND county_code = ?")
                ORDER BY at DESC LIMIT 2000
                """,
                [.text(range.lowerBound), .text(range.upperBound), .integer(since)] + (county.map { [.text($0)] } ?? [])
            ).compactMap { row in
                guard let grid = try? RegionCode(try row.text(1)), let lat = try row.optionalReal(2),
                    let lng = try row.optionalReal(3)
                else { return nil }
                return WorkerPosition(
                    worker: try row.text(0), grid: grid, point: GeoPoint(lat: lat, lng: lng), at: try row.integer(4))
            }
        }
    }

    /// A grid's field work per worker over `[from, to)`: patrol minutes and distance, the share
    /// of the grid's buildings (standard addresses with a point) passed within
    /// ``passedWithinMetres`` by any of the worker's tracks, days signed in.
    public func patrolCoverage(inGrid grid: RegionCode, from: Int64, to: Int64) async throws -> [PatrolCoverage] {
        try requireRegistryReader()
        let patrols = try await patrols(inGrid: grid, from: from, to: to)
        let matcher = try await store.addressMatcher(county: grid.countyCode)
        let buildings = matcher.addresses(in: grid, level: .building).compactMap(\.point)
        let (fromDay, toDay) = (
            WorkingCalendar.local(Date(timeIntervalSince1970: Double(from) / 1000)).0.description,
            WorkingCalendar.local(Date(timeIntervalSince1970: Double(to) / 1000)).0.description
        )
        let days = try await store.database.read { db in
            try db.query(
                """
                SELECT worker, COUNT(*) FROM attendance WHERE county_code = ? AND grid_code = ? AND day >= ? AND day < ?
                GROUP BY worker
                """, [.text(grid.countyCode), .text(grid.digits), .text(fromDay), .text(toDay)]
            ).reduce(into: [String: Int]()) { $0[try $1.text(0)] = Int(try $1.integer(1)) }
        }
        var coverage: [PatrolCoverage] = []
        for worker in Set(patrols.map(\.worker)).union(days.keys).sorted() {
            let mine = patrols.filter { $0.worker == worker }
            var passed = Set<Int>()
            for patrol in mine {
                let (_, points) = try await self.patrol(patrol.id, county: patrol.county)
                for (index, building) in buildings.enumerated() where !passed.contains(index) {
                    if points.contains(where: {
                        GeoPoint.distanceMetres($0.point, building) <= Self.passedWithinMetres
                    }) {
                        passed.insert(index)
                    }
                }
            }
            coverage.append(
                PatrolCoverage(
                    worker: worker, minutes: mine.map(\.minutes).reduce(0, +),
                    distanceMetres: mine.map(\.distanceMetres).reduce(0, +), buildingsPassed: passed.count,
                    buildings: buildings.count, daysSignedIn: days[worker] ?? 0))
        }
        return coverage
    }

    static let patrolColumns =
        "county_code, id, grid_code, worker, started_at, ended_at, points, distance_m, last_at, last_lat, last_lng"

    static func patrolView(_ row: SQLRow) throws -> PatrolView {
        guard let grid = try? RegionCode(try row.text(2)) else { throw StoreError.corrupt("a patrol with a bad grid") }
        var last: TrackPoint?
        if let at = try row.optionalInteger(8), let lat = try row.optionalReal(9), let lng = try row.optionalReal(10) {
            last = TrackPoint(at: at, point: GeoPoint(lat: lat, lng: lng))
        }
        return PatrolView(
            id: try row.text(1), county: try row.text(0), grid: grid, worker: try row.text(3),
            startedAt: try row.integer(4), endedAt: try row.optionalInteger(5), points: Int(try row.integer(6)),
            distanceMetres: try row.optionalReal(7) ?? 0, lastPoint: last)
    }
}

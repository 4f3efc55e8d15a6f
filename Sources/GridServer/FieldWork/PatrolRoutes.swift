import Foundation
import GridCore
import GridStore
import Hummingbird

/// Patrols and attendance over the API — the phone's patrol page sends its points here:
///
/// - `POST /api/v1/patrols` — starts a patrol (`{"grid_code": …}` optional), or answers the one running
/// - `POST /api/v1/patrols/{county}/{id}/points` — `{"points": [{"t": ms, "lat": …, "lng": …}]}`
/// - `POST /api/v1/patrols/{county}/{id}/end`
/// - `GET /api/v1/patrols/{county}/{id}` — the patrol with its track simplified for drawing
/// - `POST /api/v1/attendance/sign-in` and `/sign-out` — `{"lat": …, "lng": …}`
/// - `GET /api/v1/workers/positions` — where the workers in scope were last seen today
struct PatrolRoutes {
    struct Start: Decodable {
        var grid_code: String?
    }
    struct Points: Decodable {
        struct Point: Decodable {
            var t: Int64
            var lat: Double
            var lng: Double
        }
        var points: [Point]
    }
    struct Position: Decodable {
        var lat: Double
        var lng: Double
    }

    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.post("/api/v1/patrols") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let body = try await request.decodeJSON(Start.self, allowedFields: ["grid_code"], context: context)
            let grid = try body.grid_code.map { try RegionRoutes.code($0, field: "grid_code") }
            return JSONResponse(Self.patrol(try await scoped.startPatrol(grid: grid), track: nil))
        }
        router.post("/api/v1/patrols/:county/:id/points") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let body = try await request.decodeJSON(Points.self, allowedFields: ["points"], context: context)
            let points = body.points.map { TrackPoint(at: $0.t, point: GeoPoint(lat: $0.lat, lng: $0.lng)) }
            let patrol = try await scoped.addTrackPoints(
                points, to: try context.pathParameter("id"), county: try context.pathParameter("county"))
            return JSONResponse(Self.patrol(patrol, track: nil))
        }
        router.post("/api/v1/patrols/:county/:id/end") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let patrol = try await scoped.endPatrol(
                try context.pathParameter("id"), county: try context.pathParameter("county"))
            return JSONResponse(Self.patrol(patrol, track: nil))
        }
        router.get("/api/v1/patrols/:county/:id") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (patrol, track) = try await scoped.patrol(
                try context.pathParameter("id"), county: try context.pathParameter("county"))
            return JSONResponse(Self.patrol(patrol, track: Track.simplified(track, tolerance: 3)))
        }
        for (path, signingIn) in [("/api/v1/attendance/sign-in", true), ("/api/v1/attendance/sign-out", false)] {
            router.post(RouterPath(path)) { request, context in
                let scoped = store.scoped(to: try context.requireCaller())
                let body = try await request.decodeJSON(Position.self, allowedFields: ["lat", "lng"], context: context)
                let point = try RegionRoutes.point(lat: body.lat, lng: body.lng, datum: .wgs84)
                let day = signingIn ? try await scoped.signIn(at: point) : try await scoped.signOut(at: point)
                return JSONResponse(Self.attendance(day))
            }
        }
        router.get("/api/v1/field-coverage") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            guard let text = request.uri.queryParameters["grid"] else { throw APIError.invalid("grid", "is required") }
            let grid = try RegionRoutes.code(String(text), field: "grid")
            var days = 30
            if let given = request.uri.queryParameters["days"] {
                guard let value = Int(String(given)), (1...92).contains(value) else {
                    throw APIError.invalid("days", "must be 1 to 92")
                }
                days = value
            }
            let to = Self.startOfToday(store) + 86_400_000
            let coverage = try await scoped.patrolCoverage(
                inGrid: grid, from: to - Int64(days) * 86_400_000, to: to)
            return JSONResponse([
                "coverage": .array(
                    coverage.map {
                        [
                            "worker": .string($0.worker), "minutes": .number($0.minutes.rounded()),
                            "distance_m": .number($0.distanceMetres.rounded()),
                            "buildings_passed": .number(Double($0.buildingsPassed)),
                            "buildings": .number(Double($0.buildings)),
                            "days_signed_in": .number(Double($0.daysSignedIn)),
                        ]
                    })
            ])
        }
        router.get("/api/v1/workers/positions") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let positions = try await scoped.workerPositions(since: Self.startOfToday(store))
            return JSONResponse([
                "positions": .array(
                    positions.map {
                        [
                            "worker": .string($0.worker), "grid_code": .string($0.grid.digits),
                            "lat": .number($0.point.lat), "lng": .number($0.point.lng), "at": .number(Double($0.at)),
                        ]
                    })
            ])
        }
    }

    /// Midnight in Beijing today, in milliseconds.
    static func startOfToday(_ store: GridStore) -> Int64 {
        WorkingCalendar.startMilliseconds(of: WorkingCalendar.local(store.now.now).0)
    }

    static func patrol(_ patrol: PatrolView, track: [TrackPoint]?) -> JSONValue {
        var value: [String: JSONValue] = [
            "id": .string(patrol.id), "county_code": .string(patrol.county), "grid_code": .string(patrol.grid.digits),
            "worker": .string(patrol.worker), "started_at": .number(Double(patrol.startedAt)),
            "ended_at": patrol.endedAt.map { .number(Double($0)) } ?? .null, "points": .number(Double(patrol.points)),
            "distance_m": .number(patrol.distanceMetres.rounded()),
            "minutes": .number((patrol.minutes * 10).rounded() / 10),
        ]
        if let track {
            value["track"] = .array(
                track.map { .array([.number(Double($0.at)), .number($0.point.lat), .number($0.point.lng)]) })
        }
        return .object(value)
    }

    static func attendance(_ day: AttendanceDay) -> JSONValue {
        [
            "day": .string(day.day.description), "grid_code": .string(day.grid.digits),
            "signed_in_at": .number(Double(day.signedInAt)),
            "signed_out_at": day.signedOutAt.map { .number(Double($0)) } ?? .null,
        ]
    }
}

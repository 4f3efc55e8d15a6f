import Foundation
import GridCore
import GridStore
import Hummingbird

/// Visits (走访) over the API, for the phone's offline queue and for integrations:
///
/// - `POST /api/v1/visits` — records a visit (send it with an `Idempotency-Key`: a repeat after a
///   lost answer is answered, not recorded again)
/// - `GET /api/v1/visits/due?grid=&lat=&lng=` — the grid's key people due a visit, most urgent
///   and nearest first
/// - `GET /api/v1/people/{county}/{id}/visits` — a person's visits, newest first
struct VisitRoutes {
    struct Body: Decodable {
        static let fields: Set<String> = [
            "person_id", "county", "visited_at", "lat", "lng", "finding", "answers", "attention", "case",
        ]
        struct RaisedCase: Decodable {
            var category: String
            var description: String
        }
        var person_id: String
        var county: String
        var visited_at: Int64?
        var lat: Double?
        var lng: Double?
        var finding: String?
        var answers: [String: [String: String]]?
        var attention: [String: String]?
        var `case`: RaisedCase?
    }

    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.post("/api/v1/visits") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let body = try await request.decodeJSON(Body.self, allowedFields: Body.fields, context: context)
            let location = try RegionRoutes.point(lat: body.lat, lng: body.lng, datum: .wgs84)
            var attention: [String: AttentionLevel] = [:]
            for (code, text) in body.attention ?? [:] {
                guard let level = AttentionLevel(rawValue: text) else {
                    throw APIError.invalid("attention.\(code)", "is not 1, 2 or 3")
                }
                attention[code] = level
            }
            let visit = try await scoped.recordVisit(
                NewVisit(
                    personID: body.person_id, county: body.county, visitedAt: body.visited_at, location: location,
                    finding: body.finding ?? "", answers: body.answers ?? [:], attention: attention,
                    raisedCase: body.case.map { .init(category: $0.category, description: $0.description) }))
            return JSONResponse(Self.visit(visit), status: .created)
        }
        router.get("/api/v1/visits/due") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let parameters = request.uri.queryParameters
            guard let text = parameters["grid"] else { throw APIError.invalid("grid", "is required") }
            let grid = try RegionRoutes.code(String(text), field: "grid")
            var position: GeoPoint?
            if let lat = parameters["lat"], let lng = parameters["lng"] {
                guard let lat = Double(String(lat)), let lng = Double(String(lng)) else {
                    throw APIError.invalid("lat", "lat and lng are numbers")
                }
                position = try RegionRoutes.point(lat: lat, lng: lng, datum: .wgs84)
            }
            let due = try await scoped.dueVisits(inGrid: grid, from: position)
            return JSONResponse(["due": .array(due.map(Self.due))])
        }
        router.get("/api/v1/people/:county/:id/visits") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (county, id) = (context.parameters.get("county") ?? "", context.parameters.get("id") ?? "")
            guard let person = try await scoped.person(id: id, county: county) else {
                throw StoreError.notFound("person \(id)")
            }
            return JSONResponse(["visits": .array(try await scoped.visits(of: person).map(Self.visit))])
        }
    }

    static func visit(_ visit: VisitView) -> JSONValue {
        [
            "id": .string(visit.id), "person_id": .string(visit.personID), "grid_code": .string(visit.grid.digits),
            "visitor": .string(visit.visitor), "visited_at": .number(Double(visit.visitedAt)),
            "lat": visit.location.map { .number($0.lat) } ?? .null,
            "lng": visit.location.map { .number($0.lng) } ?? .null, "finding": .string(visit.finding),
            "answers": .object(visit.answers.mapValues { .object($0.mapValues(JSONValue.string)) }),
            "attention": .object(visit.attention.mapValues { .string($0.rawValue) }),
            "case_number": JSONValue(visit.caseNumber), "photos": .array(visit.photos.map(JSONValue.string)),
        ]
    }

    static func due(_ due: DueVisit) -> JSONValue {
        [
            "person": RegistryRoutes.person(due.person), "due_day": .string(due.dueDay.description),
            "urgency": .string(due.urgency.rawValue),
            "last_visit_at": due.lastVisitAt.map { .number(Double($0)) } ?? .null,
            "distance_m": due.distanceMetres.map { .number($0.rounded()) } ?? .null,
            "groups": .array(
                due.memberships.map {
                    ["group": .string($0.group.code), "attention": .string($0.attention.rawValue)]
                }),
        ]
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// Inspections over the API:
///
/// - `GET /api/v1/inspection-checklists` — the checklists and their items
/// - `POST /api/v1/inspections` — records an inspection; failed items raise cases
/// - `GET /api/v1/inspections?county=&code=` — a place's inspections, newest first
/// - `GET /api/v1/inspections/plan?grid=` — the grid's organisations and rentals by when they are due
struct InspectionRoutes {
    struct Body: Decodable {
        static let fields: Set<String> = [
            "checklist", "place", "code", "county", "answers", "notes", "note", "lat", "lng",
        ]
        var checklist: String
        var place: String
        var code: String
        var county: String
        var answers: [String: Bool]
        var notes: [String: String]?
        var note: String?
        var lat: Double?
        var lng: Double?
    }

    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.get("/api/v1/inspection-checklists") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let lists = try await scoped.inspectionChecklists()
            return JSONResponse([
                "checklists": .array(
                    lists.map { list in
                        [
                            "code": .string(list.code), "name": .string(list.name),
                            "places": .array(list.places.map { .string($0.rawValue) }),
                            "rectify_days": .number(Double(list.rectifyDays)),
                            "items": .array(
                                list.items.map {
                                    [
                                        "key": .string($0.key), "label": .string($0.label),
                                        "category": .string($0.category),
                                    ]
                                }),
                        ]
                    })
            ])
        }
        router.post("/api/v1/inspections") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let body = try await request.decodeJSON(Body.self, allowedFields: Body.fields, context: context)
            guard let place = InspectionChecklist.Place(rawValue: body.place) else {
                throw APIError.invalid("place", "is unit or house")
            }
            let inspection = try await scoped.recordInspection(
                NewInspection(
                    checklist: body.checklist, place: place, placeCode: body.code, county: body.county,
                    answers: body.answers, notes: body.notes ?? [:], note: body.note ?? "",
                    location: try RegionRoutes.point(lat: body.lat, lng: body.lng, datum: .wgs84)))
            return JSONResponse(Self.inspection(inspection), status: .created)
        }
        router.get("/api/v1/inspections") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let parameters = request.uri.queryParameters
            guard let county = parameters["county"], let code = parameters["code"] else {
                throw APIError.invalid("code", "give county and code")
            }
            guard county.count == 6, county.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw APIError.invalid("county", "is a county's 6-digit code")
            }
            guard (1...64).contains(code.count) else { throw APIError.invalid("code", "is 1 to 64 characters") }
            let list = try await scoped.inspections(at: String(code), county: String(county))
            return JSONResponse(["inspections": .array(list.map(Self.inspection))])
        }
        router.get("/api/v1/inspections/plan") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            guard let text = request.uri.queryParameters["grid"] else { throw APIError.invalid("grid", "is required") }
            let plan = try await scoped.inspectionPlan(inGrid: try RegionRoutes.code(String(text), field: "grid"))
            return JSONResponse([
                "plan": .array(
                    plan.map { due in
                        [
                            "place": .string(due.place.rawValue), "code": .string(due.code), "name": .string(due.name),
                            "risk": .string(due.risk.rawValue), "due_day": .string(due.dueDay.description),
                            "last_inspected_at": due.lastInspectedAt.map { .number(Double($0)) } ?? .null,
                            "open_hazards": .number(Double(due.openHazards)),
                        ]
                    })
            ])
        }
    }

    static func inspection(_ inspection: InspectionView) -> JSONValue {
        [
            "id": .string(inspection.id), "grid_code": .string(inspection.grid.digits),
            "place": .string(inspection.place.rawValue), "code": .string(inspection.placeCode),
            "name": .string(inspection.placeName), "checklist": .string(inspection.checklist),
            "inspector": .string(inspection.inspector), "inspected_at": .number(Double(inspection.inspectedAt)),
            "note": .string(inspection.note), "answers": .object(inspection.answers.mapValues(JSONValue.bool)),
            "follows": JSONValue(inspection.follows),
            "hazards": .array(
                inspection.hazards.map {
                    [
                        "item": .string($0.item), "case_number": .string($0.caseNumber),
                        "deadline": .number(Double($0.deadline)),
                        "rectified_at": $0.rectifiedAt.map { .number(Double($0)) } ?? .null,
                    ]
                }),
        ]
    }
}

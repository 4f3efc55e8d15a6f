import GridCore

extension OpenAPI {
    /// Field work: visits recorded, due and read back.
    static let fieldWork = OpenAPIFragment(
        paths: {
            [
                "/api/v1/visits": [
                    "post": operation(
                        "recordVisit",
                        "Records a visit (走访); send an Idempotency-Key so a repeat after a lost answer is not recorded twice",
                        body: ref("NewVisit"),
                        responses: [
                            "201": [
                                "description": "Recorded", "content": ["application/json": ["schema": ref("Visit")]],
                            ]
                        ],
                        errors: ["400", "403", "404", "409", "413", "415", "422"])
                ],
                "/api/v1/visits/due": [
                    "get": operation(
                        "dueVisits", "The grid's key people due a visit, most urgent and nearest first",
                        parameters: [
                            query("grid", codeSchema, "the grid", required: true),
                            query("lat", ["type": "number", "minimum": -90, "maximum": 90], "where the worker stands"),
                            query(
                                "lng", ["type": "number", "minimum": -180, "maximum": 180], "where the worker stands"),
                        ], ok: object(["due": ["type": "array", "items": ref("DueVisit")]]), errors: ["400", "403"])
                ],
                "/api/v1/people/{county}/{id}/visits": [
                    "get": operation(
                        "personVisits", "A person's visits, newest first",
                        parameters: [
                            pathParameter(
                                "county", ["type": "string", "pattern": "^[0-9]{6}$"], "the person's county"),
                            pathParameter("id", string, "the person's record id"),
                        ], ok: object(["visits": ["type": "array", "items": ref("Visit")]]), errors: ["403", "404"])
                ],
            ]
        },
        schemas: {
            let answers: JSONValue = [
                "type": "object", "additionalProperties": ["type": "object", "additionalProperties": string],
            ]
            let levels = enumeration(AttentionLevel.allCases.map(\.rawValue))
            return [
                "NewVisit": object(
                    [
                        "person_id": string, "county": ["type": "string", "pattern": "^[0-9]{6}$"],
                        "visited_at": [
                            "type": "integer", "description": "milliseconds since 1970, at most 48 hours ago",
                        ],
                        "lat": ["type": "number", "minimum": -90, "maximum": 90],
                        "lng": ["type": "number", "minimum": -180, "maximum": 180],
                        "finding": ["type": "string", "maxLength": 2000], "answers": answers,
                        "attention": ["type": "object", "additionalProperties": levels],
                        "case": object(["category": string, "description": string]),
                    ], required: ["person_id", "county"]),
                "Visit": object([
                    "id": string, "person_id": string, "grid_code": string, "visitor": string, "visited_at": integer,
                    "lat": ["type": ["number", "null"]], "lng": ["type": ["number", "null"]], "finding": string,
                    "answers": answers, "attention": ["type": "object", "additionalProperties": levels],
                    "case_number": nullableString, "photos": ["type": "array", "items": string],
                ]),
                "DueVisit": object([
                    "person": ref("Person"), "due_day": string,
                    "urgency": enumeration(VisitSchedule.Urgency.allCases.map(\.rawValue)),
                    "last_visit_at": ["type": ["integer", "null"]], "distance_m": ["type": ["number", "null"]],
                    "groups": [
                        "type": "array", "items": object(["group": string, "attention": levels]),
                    ],
                ]),
            ]
        })
}

import GridCore

extension OpenAPI {
    /// Field work: visits recorded, due and read back.
    static let fieldWork = OpenAPIFragment(
        paths: {
            let patrolPath = [
                pathParameter("county", ["type": "string", "pattern": "^[0-9]{6}$"], "the patrol's county"),
                pathParameter("id", string, "the patrol's id"),
            ]
            return [
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
                "/api/v1/patrols": [
                    "post": operation(
                        "startPatrol",
                        "Starts a patrol in the caller's grid (or the one named), or answers the one running",
                        body: object(["grid_code": codeSchema], required: []), ok: ref("Patrol"),
                        errors: ["400", "403", "409", "413", "415", "422"])
                ],
                "/api/v1/patrols/{county}/{id}/points": [
                    "post": operation(
                        "addTrackPoints",
                        "Adds positions to the caller's running patrol; each is checked for order, time and speed",
                        parameters: patrolPath,
                        body: object([
                            "points": [
                                "type": "array", "minItems": 1, "maxItems": 1000,
                                "items": object([
                                    "t": ["type": "integer", "description": "milliseconds since 1970"],
                                    "lat": ["type": "number", "minimum": -90, "maximum": 90],
                                    "lng": ["type": "number", "minimum": -180, "maximum": 180],
                                ]),
                            ]
                        ]), ok: ref("Patrol"), errors: ["400", "403", "404", "409", "413", "415", "422"])
                ],
                "/api/v1/patrols/{county}/{id}/end": [
                    "post": operation(
                        "endPatrol", "Ends the caller's patrol", parameters: patrolPath, ok: ref("Patrol"),
                        errors: ["403", "404", "409", "422"])
                ],
                "/api/v1/patrols/{county}/{id}": [
                    "get": operation(
                        "patrol", "A patrol in scope with its track simplified for drawing", parameters: patrolPath,
                        ok: ref("Patrol"), errors: ["403", "404"])
                ],
                "/api/v1/attendance/sign-in": [
                    "post": operation(
                        "signIn", "Signs the caller in for today, within 200 m of their grid", body: ref("Position"),
                        ok: ref("Attendance"), errors: ["400", "403", "409", "413", "415", "422"])
                ],
                "/api/v1/attendance/sign-out": [
                    "post": operation(
                        "signOut", "Signs the caller out for today, after signing in", body: ref("Position"),
                        ok: ref("Attendance"), errors: ["400", "403", "409", "413", "415", "422"])
                ],
                "/api/v1/field-coverage": [
                    "get": operation(
                        "fieldCoverage",
                        "A grid's field work per worker over the last days: minutes patrolled, distance, buildings passed within 30 m, days signed in",
                        parameters: [
                            query("grid", codeSchema, "the grid", required: true),
                            query(
                                "days", ["type": "integer", "minimum": 1, "maximum": 92],
                                "how many days back (default 30)"),
                        ],
                        ok: object([
                            "coverage": [
                                "type": "array",
                                "items": object([
                                    "worker": string, "minutes": ["type": "number"], "distance_m": ["type": "number"],
                                    "buildings_passed": integer, "buildings": integer, "days_signed_in": integer,
                                ]),
                            ]
                        ]), errors: ["400", "403"])
                ],
                "/api/v1/workers/positions": [
                    "get": operation(
                        "workerPositions", "Where the grid workers in scope were last seen today",
                        ok: object([
                            "positions": [
                                "type": "array",
                                "items": object([
                                    "worker": string, "grid_code": string, "lat": ["type": "number"],
                                    "lng": ["type": "number"], "at": integer,
                                ]),
                            ]
                        ]), errors: ["403"])
                ],
                "/api/v1/inspection-checklists": [
                    "get": operation(
                        "inspectionChecklists", "The inspection checklists and their items",
                        ok: object(["checklists": ["type": "array", "items": ref("InspectionChecklist")]]),
                        errors: ["403"])
                ],
                "/api/v1/inspections": [
                    "post": operation(
                        "recordInspection", "Records an inspection of a place; each failed item raises a case",
                        body: ref("NewInspection"),
                        responses: [
                            "201": [
                                "description": "Recorded",
                                "content": ["application/json": ["schema": ref("Inspection")]],
                            ]
                        ], errors: ["400", "403", "404", "409", "413", "415", "422"]),
                    "get": operation(
                        "inspections", "A place's inspections, newest first",
                        parameters: [
                            query(
                                "county", ["type": "string", "pattern": "^[0-9]{6}$"], "the place's county",
                                required: true),
                            query(
                                "code", ["type": "string", "minLength": 1, "maxLength": 64],
                                "a credit code or a standard address code", required: true),
                        ], ok: object(["inspections": ["type": "array", "items": ref("Inspection")]]),
                        errors: ["400", "403"]),
                ],
                "/api/v1/inspections/plan": [
                    "get": operation(
                        "inspectionPlan", "The grid's organisations and rentals by when their inspection is due",
                        parameters: [query("grid", codeSchema, "the grid", required: true)],
                        ok: object([
                            "plan": [
                                "type": "array",
                                "items": object([
                                    "place": enumeration(["unit", "house"]), "code": string, "name": string,
                                    "risk": enumeration(["high", "medium", "low"]), "due_day": string,
                                    "last_inspected_at": ["type": ["integer", "null"]], "open_hazards": integer,
                                ]),
                            ]
                        ]), errors: ["400", "403"])
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
                "Patrol": object(
                    [
                        "id": string, "county_code": string, "grid_code": string, "worker": string,
                        "started_at": integer, "ended_at": ["type": ["integer", "null"]], "points": integer,
                        "distance_m": ["type": "number"], "minutes": ["type": "number"],
                        "track": [
                            "type": "array",
                            "items": ["type": "array", "items": ["type": "number"], "minItems": 3, "maxItems": 3],
                        ],
                    ],
                    required: [
                        "id", "county_code", "grid_code", "worker", "started_at", "ended_at", "points", "distance_m",
                        "minutes",
                    ]),
                "Position": object([
                    "lat": ["type": "number", "minimum": -90, "maximum": 90],
                    "lng": ["type": "number", "minimum": -180, "maximum": 180],
                ]),
                "Attendance": object([
                    "day": string, "grid_code": string, "signed_in_at": integer,
                    "signed_out_at": ["type": ["integer", "null"]],
                ]),
                "InspectionChecklist": object([
                    "code": string, "name": string,
                    "places": ["type": "array", "items": enumeration(["unit", "house"])],
                    "rectify_days": integer,
                    "items": ["type": "array", "items": object(["key": string, "label": string, "category": string])],
                ]),
                "NewInspection": object(
                    [
                        "checklist": string, "place": enumeration(["unit", "house"]), "code": string,
                        "county": ["type": "string", "pattern": "^[0-9]{6}$"],
                        "answers": ["type": "object", "additionalProperties": ["type": "boolean"]],
                        "notes": ["type": "object", "additionalProperties": string],
                        "note": ["type": "string", "maxLength": 2000],
                        "lat": ["type": "number", "minimum": -90, "maximum": 90],
                        "lng": ["type": "number", "minimum": -180, "maximum": 180],
                    ], required: ["checklist", "place", "code", "county", "answers"]),
                "Inspection": object([
                    "id": string, "grid_code": string, "place": enumeration(["unit", "house"]), "code": string,
                    "name": string, "checklist": string, "inspector": string, "inspected_at": integer, "note": string,
                    "answers": ["type": "object", "additionalProperties": ["type": "boolean"]],
                    "follows": nullableString,
                    "hazards": [
                        "type": "array",
                        "items": object([
                            "item": string, "case_number": string, "deadline": integer,
                            "rectified_at": ["type": ["integer", "null"]],
                        ]),
                    ],
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

import GridCore
import GridStore
import Hummingbird

/// `GET /api/v1/assessment?region=&period=|from=&to=`: an area's indicators, scores, rankings and
/// daily trend, as the page shows them.
struct AssessmentRoutes {
    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.get("/api/v1/assessment") { request, context in
            let (assessment, _) = try await AssessmentPages.assessment(store, try context.requireCaller(), request)
            return JSONResponse(assessment.json)
        }
    }
}

extension OpenAPI {
    static let decisionSupport = OpenAPIFragment(
        paths: {
            let day: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
            return [
                "/api/v1/assessment": [
                    "get": operation(
                        "assessment",
                        "An area's assessment (考评) over a period: every indicator with its definition and parts, each post's score, the children and departments ranked with their trend, reports and closures a day",
                        parameters: [
                            query("region", codeSchema, "the area (default: the top of the caller's scope)"),
                            query("period", enumeration(AssessmentQuery.kinds), "日报, 周报, 月报 to date, or last month"),
                            query("from", day, "the first day (with to)"), query("to", day, "the last day (with from)"),
                        ], ok: ref("Assessment"), errors: ["400", "403", "404"])
                ],
                "/api/v1/warnings": [
                    "get": operation(
                        "warnings",
                        "Surge warnings and concealment risks the caller may see, newest first (concealment only of areas below the caller's own)",
                        parameters: [
                            query("open", enumeration(["1", "0", "true", "false"]), "only those not yet acknowledged")
                        ],
                        ok: object(["warnings": ["type": "array", "items": ref("Warning")]]), errors: ["400", "403"])
                ],
                "/api/v1/warnings/{county}/{id}/acknowledge": [
                    "post": operation(
                        "acknowledgeWarning", "Acknowledges an open warning with a note",
                        parameters: [
                            pathParameter(
                                "county", ["type": "string", "pattern": "^[0-9]{6}$"], "the warning's county"),
                            pathParameter("id", string, "the warning's id"),
                        ],
                        body: object(["note": ["type": "string", "minLength": 1, "maxLength": 500, "pattern": "\\S"]]),
                        ok: ref("Warning"),
                        errors: ["400", "403", "404", "409", "413", "415", "422"])
                ],
                "/api/v1/reminders": [
                    "get": operation(
                        "reminders",
                        "The caller's reminders, most pressing first: overdue case steps, visits and inspections due, expiring permits and visas, open warnings",
                        ok: object([
                            "reminders": [
                                "type": "array",
                                "items": object([
                                    "kind": enumeration(Reminder.Kind.allCases.map(\.rawValue)), "subject": string,
                                    "due": string, "link": string,
                                ]),
                            ]
                        ]))
                ],
                "/api/v1/hotspots": [
                    "get": operation(
                        "hotspots",
                        "Getis-Ord Gi* of a county's (or township's, community's) grids over a period, neighbours by shared boundary or a distance band, classed after a false-discovery correction",
                        parameters: [
                            query("region", codeSchema, "the area, a county or below (default: the caller's)"),
                            query("category", string, "a category code (default: every category)"),
                            query("period", enumeration(AssessmentQuery.kinds), "the period (default: month to date)"),
                            query("from", day, "the first day (with to)"), query("to", day, "the last day (with from)"),
                            query(
                                "distance",
                                [
                                    "anyOf": [
                                        ["type": "number", "minimum": 1, "maximum": 50_000],
                                        ["type": "string", "maxLength": 0],
                                    ]
                                ],
                                "a distance band in metres instead of shared boundaries (empty: shared boundaries)"),
                        ],
                        ok: object([
                            "grids": [
                                "type": "array",
                                "items": object([
                                    "grid": string, "name": string, "count": integer, "z": ["type": "number"],
                                    "p": ["type": "number"], "class": string,
                                ]),
                            ]
                        ]), errors: ["400", "403", "404"])
                ],
            ]
        },
        schemas: {
            let score = nullable(["type": "number"])
            let unit = object([
                "id": string, "name": string, "post": string, "score": score, "grade": nullableString,
                "rank": nullable(["type": "integer"]), "previous_score": score, "change": score,
            ])
            return [
                "Warning": object([
                    "county": string, "id": string, "kind": enumeration(["surge", "concealment"]), "region": string,
                    "category": string, "day": string, "observed": integer, "expected": ["type": "number"],
                    "p": ["type": "number"], "figures": ["type": "object"], "raised_at": string,
                    "acknowledged_by": nullableString, "acknowledged_at": nullableString, "note": nullableString,
                ]),
                "Assessment": object([
                    "region": string, "name": string,
                    "period": object(["from": string, "to": string]), "score": score, "grade": nullableString,
                    "previous_score": score,
                    "indicators": [
                        "type": "array",
                        "items": object([
                            "id": string, "name": string, "definition": string, "higher_is_better": ["type": "boolean"],
                            "numerator": nullable(integer), "denominator": nullable(integer), "value": score,
                        ]),
                    ],
                    "posts": [
                        "type": "array",
                        "items": object(["post": string, "name": string, "score": score, "grade": nullableString]),
                    ],
                    "children": ["type": "array", "items": unit], "departments": ["type": "array", "items": unit],
                    "daily": [
                        "type": "array", "items": object(["day": string, "reported": integer, "closed": integer]),
                    ],
                ]),
            ]
        })
}

import GridCore
import Hummingbird

/// One feature's part of the OpenAPI document: its paths and the schemas they name.
struct OpenAPIFragment: Sendable {
    var paths: @Sendable () -> [String: JSONValue] = { [:] }
    var schemas: @Sendable () -> [String: JSONValue] = { [:] }
}

/// The OpenAPI 3.1 description of the API, served at `GET /api/openapi.json`, made of every
/// feature's fragment (``ServerFeature/openAPI``). A test checks that every route the router serves
/// is described here, and schemathesis (Tests/e2e) that every answer is what the document says:
/// required fields, bounds, patterns and enums are those the server checks, so a request the
/// document calls valid is not refused for its form.
enum OpenAPIDocument {
    static let path = "/api/openapi.json"

    /// This document and the schemas every feature's errors and places use.
    static let fragment = OpenAPIFragment(
        paths: {
            [
                path: [
                    "get": OpenAPI.operation(
                        "openAPIDocument", "This document", security: .none, ok: ["type": "object"])
                ]
            ]
        },
        schemas: {
            [
                "Error": OpenAPI.object(
                    [
                        "error": OpenAPI.object([
                            "code": OpenAPI.string, "message": OpenAPI.string, "field": OpenAPI.nullableString,
                        ]),
                        "allowed_actions": [
                            "type": "array", "items": OpenAPI.enumeration(CaseAction.allCases.map(\.rawValue)),
                        ],
                    ],
                    required: ["error"]),
                "Point": OpenAPI.object(["lat": OpenAPI.latitude, "lng": OpenAPI.longitude], closed: false),
                "Geometry": [
                    "description": "GeoJSON geometry (WGS-84)", "type": "object", "required": ["type", "coordinates"],
                    "properties": ["type": ["enum": ["Polygon", "MultiPolygon"]], "coordinates": ["type": "array"]],
                ],
            ]
        })

    static func register(on router: Router<GridRequestContext>) {
        let document = build()
        router.get(RouterPath(stringLiteral: path)) { _, _ in JSONResponse(document) }
    }

    /// Paths and schemas that more than one fragment names: the first would silently win.
    static func collisions(features: [ServerFeature] = ServerFeatures.all) -> [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        for fragment in [fragment] + features.map(\.openAPI) {
            for name in Array(fragment.paths().keys) + fragment.schemas().keys.map({ "schema " + $0 })
            where !seen.insert(name).inserted {
                repeated.append(name)
            }
        }
        return repeated.sorted()
    }

    static func build(features: [ServerFeature] = ServerFeatures.all) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        for fragment in [fragment] + features.map(\.openAPI) {
            paths.merge(fragment.paths()) { first, _ in first }
            schemas.merge(fragment.schemas()) { first, _ in first }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "GridGov API", "version": "1",
                "description":
                    "网格化社会治理平台. Every route answers errors as {\"error\":{\"code\",\"message\",\"field\"}}. Authenticate with POST /api/v1/session, then send Authorization: Bearer <token>; cookie sessions must echo X-CSRF-Token on writes. Request bodies are JSON and must be sent as application/json.",
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": "gridgov_session"],
                ],
                "responses": [
                    "Error": [
                        "description": "An error", "content": ["application/json": ["schema": OpenAPI.ref("Error")]],
                    ]
                ],
                "schemas": .object(schemas),
            ],
        ]
    }
}

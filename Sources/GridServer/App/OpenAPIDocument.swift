import GridCore
import Hummingbird

/// The OpenAPI 3.1 description of the API, served at `GET /api/openapi.json`. A test checks that
/// every route the router serves is described here, so the document stays true as features grow.
enum OpenAPIDocument {
    static let path = "/api/openapi.json"

    static func register(on router: Router<GridRequestContext>) {
        let document = build()
        router.get(RouterPath(stringLiteral: path)) { _, _ in JSONResponse(document) }
    }

    static func build() -> JSONValue {
        let bearer: JSONValue = [["bearer": []], ["cookie": []]]
        func errors(_ codes: [String]) -> [String: JSONValue] {
            Dictionary(uniqueKeysWithValues: codes.map { ($0, ["$ref": "#/components/responses/Error"] as JSONValue) })
        }
        func operation(_ summary: String, parameters: [JSONValue] = [], body: JSONValue? = nil, ok: JSONValue,
                       errorCodes: [String] = ["400", "401", "403", "404"], secured: Bool = true) -> JSONValue {
            var responses = errors(errorCodes)
            responses["200"] = ["description": "OK", "content": ["application/json": ["schema": ok]]]
            var object: [String: JSONValue] = ["summary": .string(summary), "responses": .object(responses)]
            if !parameters.isEmpty { object["parameters"] = .array(parameters) }
            if let body { object["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
            object["security"] = secured ? bearer : []
            return .object(object)
        }
        func query(_ name: String, _ type: String, _ description: String, required: Bool = false) -> JSONValue {
            ["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description), "schema": ["type": .string(type)]]
        }
        let codeParameter: JSONValue = ["name": "code", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{2,18}$"],
                                        "description": "Region code: 12 digits for divisions (6 accepted), 15 for a grid, 18 for a micro-grid"]
        let region: JSONValue = ["$ref": "#/components/schemas/Region"]
        let node: JSONValue = ["$ref": "#/components/schemas/RegionNode"]
        let object: JSONValue = ["type": "object"]

        return [
            "openapi": "3.1.0",
            "info": ["title": "GridGov API", "version": "1",
                     "description": "网格化社会治理平台. Every route answers errors as {\"error\":{\"code\",\"message\",\"field\"}}. Authenticate with POST /api/v1/session, then send Authorization: Bearer <token>; cookie sessions must echo X-CSRF-Token on writes."],
            "paths": [
                "/healthz": ["get": operation("Health: 200 when the store answers", ok: object, errorCodes: ["503"], secured: false)],
                "/metrics": ["get": ["summary": "Prometheus metrics (text)", "security": [],
                                     "responses": ["200": ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]]]],
                .init(stringLiteral: path): ["get": operation("This document", ok: object, errorCodes: [], secured: false)],
                "/api/v1/session": [
                    "post": operation("Log in: a bearer token, a CSRF token and the session cookie",
                                      body: ["type": "object", "required": ["username", "password"], "additionalProperties": false,
                                             "properties": ["username": ["type": "string"], "password": ["type": "string"]]],
                                      ok: ["$ref": "#/components/schemas/Session"], errorCodes: ["400", "401", "413", "429"], secured: false),
                    "get": operation("Who is logged in", ok: object, errorCodes: ["401"]),
                    "delete": ["summary": "Log out", "security": bearer,
                               "responses": ["204": ["description": "Logged out"], "401": ["$ref": "#/components/responses/Error"]]],
                ],
                "/api/v1/regions": ["get": operation(
                    "The top of the caller's scope with its children; with q, regions of the scope whose name contains q",
                    parameters: [query("q", "string", "name fragment to search"), query("limit", "integer", "1–500, default 50")],
                    ok: ["oneOf": [node, ["type": "object", "properties": ["regions": ["type": "array", "items": region]]]]])],
                "/api/v1/regions/{code}": [
                    "get": operation("One region with its boundary and children", parameters: [codeParameter], ok: node),
                    "put": operation("Add or change a region (admins, within scope)", parameters: [codeParameter],
                                     body: ["type": "object", "required": ["name"], "additionalProperties": false, "properties": [
                                         "name": ["type": "string"], "parent_code": ["type": "string"],
                                         "boundary": ["description": "GeoJSON Polygon, MultiPolygon or Feature"],
                                         "datum": ["type": "string", "enum": ["wgs84", "gcj02"]],
                                         "seat": ["$ref": "#/components/schemas/Point"]]],
                                     ok: node, errorCodes: ["400", "401", "403", "404", "413"]),
                ],
                "/api/v1/locate": ["get": operation(
                    "The grid containing a point",
                    parameters: [query("lat", "number", "latitude", required: true), query("lng", "number", "longitude", required: true),
                                 query("datum", "string", "wgs84 (default) or gcj02")],
                    ok: ["type": "object", "properties": ["grid": region, "point": ["$ref": "#/components/schemas/Point"]]])],
            ],
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": "gridgov_session"],
                ],
                "responses": ["Error": ["description": "An error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]],
                "schemas": [
                    "Error": ["type": "object", "required": ["error"], "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
                        "code": ["type": "string"], "message": ["type": "string"], "field": ["type": ["string", "null"]]]]]],
                    "Point": ["type": "object", "required": ["lat", "lng"], "properties": ["lat": ["type": "number"], "lng": ["type": "number"]]],
                    "Region": ["type": "object", "required": ["code", "name", "level", "level_number", "parent_code"], "properties": [
                        "code": ["type": ["string", "null"]], "name": ["type": "string"],
                        "level": ["type": "string", "enum": ["territory", "province", "city", "county", "township", "village", "grid", "micro_grid"]],
                        "level_number": ["type": "integer"], "parent_code": ["type": ["string", "null"]],
                        "seat": ["oneOf": [["$ref": "#/components/schemas/Point"], ["type": "null"]]],
                        "boundary": ["description": "GeoJSON geometry (WGS-84), on single-region reads"]]],
                    "RegionNode": ["allOf": [region, ["type": "object", "properties": ["children": ["type": "array", "items": region]]]]],
                    "Session": ["type": "object", "properties": ["token": ["type": "string"], "csrf_token": ["type": "string"],
                                                                 "expires_at": ["type": "string", "format": "date-time"], "user": object]],
                ],
            ],
        ]
    }
}

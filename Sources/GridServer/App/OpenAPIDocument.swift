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
        let caseSchema: JSONValue = ["$ref": "#/components/schemas/Case"]
        let numberParameter: JSONValue = ["name": "number", "in": "path", "required": true, "schema": ["type": "string"],
                                          "description": "The case number, e.g. 330106-20261122-0042"]

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
                "/api/v1/cases": [
                    "post": operation("Report a case (any channel; no account needed for residents, who get a tracking_token)",
                                      body: ["type": "object", "required": ["category", "description"], "additionalProperties": false, "properties": [
                                          "category": ["type": "string"], "description": ["type": "string"],
                                          "lat": ["type": "number"], "lng": ["type": "number"],
                                          "datum": ["type": "string", "enum": ["wgs84", "gcj02"]], "region_code": ["type": "string"],
                                          "address": ["type": "string"], "reporter_phone": ["type": "string"],
                                          "channel": ["type": "string", "enum": .array(CaseChannel.allCases.map { .string($0.rawValue) })]]],
                                      ok: caseSchema, errorCodes: ["400", "401", "403", "413", "429"], secured: false),
                    "get": operation("The caller's case queue, newest first",
                                     parameters: [query("state", "string", "comma-separated states"), query("category", "string", "category or top category"),
                                                  query("region", "string", "a subtree in scope"), query("overdue", "boolean", "only overdue"),
                                                  query("channel", "string", "reporting channel"), query("q", "string", "words in the description"),
                                                  query("from", "string", "ISO 8601, reported at or after"), query("to", "string", "ISO 8601, reported before"),
                                                  query("cursor", "string", "next_cursor of the previous page"), query("limit", "integer", "1–200")],
                                     ok: ["type": "object", "properties": ["cases": ["type": "array", "items": caseSchema], "next_cursor": ["type": ["string", "null"]]]]),
                ],
                "/api/v1/cases/{number}": ["get": operation(
                    "A case with its history and the actions open to the caller",
                    parameters: [numberParameter, query("tracking_token", "string", "a reporter's token from the report")], ok: caseSchema, secured: false)],
                "/api/v1/cases/{number}/actions": ["post": operation(
                    "Take a workflow action; 409 with allowed_actions when it is not allowed now",
                    parameters: [numberParameter],
                    body: ["type": "object", "required": ["action"], "additionalProperties": false, "properties": [
                        "action": ["type": "string", "enum": .array(CaseAction.allCases.map { .string($0.rawValue) })],
                        "note": ["type": "string"], "unit": ["type": "string"], "hours": ["type": "number"],
                        "rating": ["type": "string", "enum": .array(CaseRating.allCases.map { .string($0.rawValue) })],
                        "duplicate_of": ["type": "string"], "departments": ["type": "array", "items": ["type": "string"]],
                        "tracking_token": ["type": "string"]]],
                    ok: caseSchema, errorCodes: ["400", "401", "403", "404", "409"], secured: false)],
                "/api/v1/cases/{number}/attachments": [
                    "post": ["summary": "Attach an image (JPEG, PNG, WebP, HEIC; sniffed from its bytes; at most 5 MB) as the raw body",
                             "parameters": [numberParameter, query("tracking_token", "string", "a reporter's token")], "security": bearer,
                             "requestBody": ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
                             "responses": .object(errors(["400", "403", "404", "413"]).merging(["201": ["description": "Attached", "content": ["application/json": ["schema": object]]]]) { a, _ in a })],
                    "get": operation("The attachments of a case", parameters: [numberParameter, query("tracking_token", "string", "a reporter's token")],
                                     ok: object, secured: false),
                ],
                "/api/v1/cases/{number}/attachments/{sha256}": ["get": [
                    "summary": "An attachment's bytes", "security": bearer,
                    "parameters": [numberParameter, ["name": "sha256", "in": "path", "required": true, "schema": ["type": "string"]],
                                   query("tracking_token", "string", "a reporter's token")],
                    "responses": .object(errors(["403", "404"]).merging(["200": ["description": "The file", "content": ["image/*": ["schema": ["type": "string", "format": "binary"]]]]]) { a, _ in a })]],
                "/api/v1/case-stats": ["get": operation(
                    "Open and overdue cases, and the level closed cases were handled at: share_within_grid (小事不出格), share_within_township (大事不出网)",
                    parameters: [query("region", "string", "a subtree in scope")], ok: object)],
                "/api/v1/events": ["get": ["summary": "Server-Sent Events: every change of a case the caller may see (event: case, data: the case)",
                                           "security": bearer,
                                           "responses": ["200": ["description": "An event stream", "content": ["text/event-stream": ["schema": ["type": "string"]]]],
                                                         "401": ["$ref": "#/components/responses/Error"]]]],
                "/api/v1/categories": [
                    "get": operation("The category catalogue (export)", ok: object, errorCodes: [], secured: false),
                    "put": operation("Replace the catalogue (import; territory admins)", body: object, ok: object, errorCodes: ["400", "401", "403"]),
                ],
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
                    "Case": ["type": "object", "required": ["number", "state", "category", "description", "region_code"], "properties": [
                        "number": ["type": "string"], "state": ["type": "string", "enum": .array(CaseState.allCases.map { .string($0.rawValue) })],
                        "category": ["type": "string"], "description": ["type": "string"], "region_code": ["type": "string"],
                        "unit": ["type": ["string", "null"]], "due_at": ["type": ["string", "null"], "format": "date-time"],
                        "time_status": ["type": ["string", "null"], "enum": ["normal", "yellow", "red", .null]],
                        "history": ["type": "array", "items": object],
                        "allowed_actions": ["type": "array", "items": ["type": "string"]],
                        "tracking_token": ["type": ["string", "null"]]]],
                    "Session": ["type": "object", "properties": ["token": ["type": "string"], "csrf_token": ["type": "string"],
                                                                 "expires_at": ["type": "string", "format": "date-time"], "user": object]],
                ],
            ],
        ]
    }
}

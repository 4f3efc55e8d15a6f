import GridCore
import Hummingbird

/// The OpenAPI 3.1 description of the API, served at `GET /api/openapi.json`. A test checks that
/// every route the router serves is described here, and schemathesis (Tests/e2e) that every answer
/// is what the document says: required fields, bounds, patterns and enums are those the server
/// checks, so a request the document calls valid is not refused for its form.
enum OpenAPIDocument {
    static let path = "/api/openapi.json"

    static func register(on router: Router<GridRequestContext>) {
        let document = build()
        router.get(RouterPath(stringLiteral: path)) { _, _ in JSONResponse(document) }
    }

    static func build() -> JSONValue {
        [
            "openapi": "3.1.0",
            "info": ["title": "GridGov API", "version": "1",
                     "description": "网格化社会治理平台. Every route answers errors as {\"error\":{\"code\",\"message\",\"field\"}}. Authenticate with POST /api/v1/session, then send Authorization: Bearer <token>; cookie sessions must echo X-CSRF-Token on writes. Request bodies are JSON and must be sent as application/json."],
            "paths": .object(paths()),
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"],
                                               "cookie": ["type": "apiKey", "in": "cookie", "name": "gridgov_session"]],
                           "responses": ["Error": ["description": "An error", "content": ["application/json": ["schema": ref("Error")]]]],
                           "schemas": .object(schemas())],
        ]
    }

    // MARK: Operations

    private static func paths() -> [String: JSONValue] {
        let code = pathParameter("code", codeSchema, "Region code: 12 digits for divisions (2, 4, 6 or 9 accepted and padded), 15 for a grid, 18 for a micro-grid")
        let number = pathParameter("number", numberSchema, "The case number, e.g. 330106-20261122-0042")
        let trackingToken = query("tracking_token", ["type": "string"], "a reporter's tracking code, for reporters without an account")
        return [
            "/healthz": ["get": operation("health", "Health: 200 when the store answers", security: .none,
                                          ok: ["type": "object", "required": ["status"], "additionalProperties": false,
                                               "properties": ["status": ["const": "ok"]]], errors: ["503"])],
            "/metrics": ["get": operation("metrics", "Prometheus metrics", security: .none,
                                          responses: ["200": ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]])],
            path: ["get": operation("openAPIDocument", "This document", security: .none, ok: ["type": "object"])],
            "/api/v1/session": [
                "post": operation("logIn", "Log in: a bearer token, a CSRF token and the session cookie", security: .none,
                                  body: ref("LogIn"), ok: ref("Session"), errors: ["400", "403", "413", "415", "429"]),
                "get": operation("whoAmI", "Who is logged in", ok: ref("SessionInfo")),
                "delete": operation("logOut", "Log out", responses: ["204": ["description": "Logged out"]], errors: ["403"]),
            ],
            "/api/v1/regions": ["get": operation(
                "regions", "The top of the caller's scope with its children; with q, regions of the scope whose name contains q",
                parameters: [query("q", ["type": "string", "minLength": 1, "maxLength": 50], "name fragment to search"),
                             query("limit", ["type": "integer", "minimum": 1, "maximum": 500],
                                   "at most this many regions: matches of q (default 50), or children of the node (default all)")],
                ok: ["oneOf": [ref("RegionNode"), ref("RegionSearch")]], errors: ["400"])],
            "/api/v1/regions/{code}": [
                "get": operation("region", "One region with its boundary and children", parameters: [code], ok: ref("RegionNode"),
                                 errors: ["400", "403", "404"]),
                "put": operation("saveRegion", "Add or change a region (admins, within scope)", parameters: [code], body: ref("RegionInput"),
                                 ok: ref("RegionNode"), errors: ["400", "403", "404", "413", "415"]),
            ],
            "/api/v1/locate": ["get": operation(
                "locate", "The grid containing a point",
                parameters: [query("lat", latitude, "latitude", required: true), query("lng", longitude, "longitude", required: true),
                             query("datum", datum, "wgs84 (default) or gcj02")],
                ok: ["type": "object", "required": ["grid", "point"], "additionalProperties": false,
                     "properties": ["grid": ref("Region"), "point": ref("Point")]], errors: ["400", "403", "404"])],
            "/api/v1/cases": [
                "post": operation("reportCase", "Report a case (any channel; no account needed for residents, who get a tracking_token)",
                                  security: .optional, body: ref("ReportInput"),
                                  responses: ["201": ["description": "Reported", "headers": ["Location": ["required": true, "schema": ["type": "string"]]],
                                                      "content": ["application/json": ["schema": ref("ReportedCase")]]]],
                                  errors: ["400", "403", "413", "415", "429"]),
                "get": operation("cases", "The caller's case queue, newest first",
                                 parameters: [query("state", statesSchema, "comma-separated states"),
                                              query("category", ["type": "string"], "a category or a top category"),
                                              query("region", codeSchema, "a subtree in scope"),
                                              query("overdue", ["type": "boolean"], "only cases past their step's due time"),
                                              query("channel", enumeration(CaseChannel.allCases.map(\.rawValue)), "reporting channel"),
                                              query("q", ["type": "string", "maxLength": 200, "pattern": #"^[^\u0000-\u001F\u007F-\u009F]*$"#], "words in the description (no control characters)"),
                                              query("from", timeInput, "reported at or after"),
                                              query("to", timeInput, "reported before"),
                                              query("cursor", ["type": "string", "pattern": #"^[+-]?[0-9]{1,18}_[\s\S]+$"#], "next_cursor of the previous page"),
                                              query("limit", ["type": "integer", "minimum": 1, "maximum": 200], "page size, default 50")],
                                 ok: ref("CaseList"), errors: ["400", "403"]),
            ],
            "/api/v1/cases/{number}": ["get": operation(
                "case", "A case with its history and the actions open to the caller", security: .optional,
                parameters: [number, trackingToken], ok: ref("CaseDetail"), errors: ["400", "403", "404"])],
            "/api/v1/cases/{number}/actions": ["post": operation(
                "actOnCase", "Take a workflow action; 409 with allowed_actions when it is not allowed now", security: .optional,
                parameters: [number], body: ref("ActionInput"), ok: ref("CaseDetail"), errors: ["400", "403", "404", "409", "413", "415"])],
            "/api/v1/cases/{number}/attachments": [
                "post": operation("attach", "Attach an image as the raw body: JPEG, PNG, WebP or HEIC, read from its bytes (and refused unless it parses as that type), at most 5 MB",
                                  security: .optional, parameters: [number, trackingToken],
                                  rawBody: ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]],
                                  responses: ["201": ["description": "Attached", "content": ["application/json": ["schema": ref("Attachment")]]]],
                                  errors: ["400", "403", "404", "413"]),
                "get": operation("attachments", "The attachments of a case", security: .optional, parameters: [number, trackingToken],
                                 ok: ["type": "object", "required": ["attachments"], "additionalProperties": false,
                                      "properties": ["attachments": ["type": "array", "items": ref("Attachment")]]],
                                 errors: ["400", "403", "404"]),
            ],
            "/api/v1/cases/{number}/attachments/{sha256}": ["get": operation(
                "attachment", "An attachment's bytes, served inline with nosniff and a sandboxing Content-Security-Policy", security: .optional,
                parameters: [number, pathParameter("sha256", ["type": "string", "pattern": "^[0-9a-f]{64}$"], "the file's SHA-256"), trackingToken],
                responses: ["200": ["description": "The file", "content": .object(Dictionary(uniqueKeysWithValues: ImageDimensions.Format.allCases.map {
                    ($0.contentType, ["schema": ["type": "string", "format": "binary"]] as JSONValue)
                }))]], errors: ["400", "403", "404"])],
            "/api/v1/case-stats": ["get": operation(
                "caseStats", "Open and overdue cases, and the level closed cases were handled at: share_within_grid (小事不出格), share_within_township (大事不出网)",
                parameters: [query("region", codeSchema, "a subtree in scope")], ok: ref("CaseStats"), errors: ["400", "403", "404"])],
            "/api/v1/events": ["get": operation(
                "streamEvents", "Server-Sent Events: every change of a case the caller may see (event: case, data: the case)",
                responses: ["200": ["description": "An event stream", "content": ["text/event-stream": ["schema": ["type": "string"]]]]])],
            "/api/v1/categories": [
                "get": operation("categories", "The category catalogue (export)", security: .none, ok: ref("Catalogue")),
                "put": operation("saveCategories", "Replace the catalogue (import; territory admins)", body: ref("Catalogue"), ok: ref("Catalogue"),
                                 errors: ["400", "403", "413", "415"]),
            ],
        ]
    }

    /// Who may call an operation: signed in, anyone, or anyone with more seen when signed in.
    private enum Security { case required, none, optional }

    /// An operation; `ok` is its 200 JSON body unless `responses` says otherwise. Every operation
    /// may answer 401 (a bad `Authorization` header is refused wherever it is sent), and those that
    /// read a query string 400 (a parameter that is not UTF-8).
    private static func operation(_ id: String, _ summary: String, security: Security = .required, parameters: [JSONValue] = [],
                                  body: JSONValue? = nil, rawBody: JSONValue? = nil, ok: JSONValue? = nil,
                                  responses: [String: JSONValue] = [:], errors: [String] = []) -> JSONValue {
        var all = responses
        if let ok { all["200"] = ["description": "OK", "content": ["application/json": ["schema": ok]]] }
        for status in Set(errors + ["401"]) { all[status] = ref("Error", in: "responses") }
        var object: [String: JSONValue] = ["operationId": .string(id), "summary": .string(summary), "responses": .object(all)]
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let body { object["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
        if let rawBody { object["requestBody"] = ["required": true, "content": rawBody] }
        let signedIn: [JSONValue] = [["bearer": []], ["cookie": []]]
        object["security"] = switch security {
        case .required: .array(signedIn)
        case .none: []
        case .optional: .array(signedIn + [[:]])
        }
        return .object(object)
    }

    private static func query(_ name: String, _ schema: JSONValue, _ description: String, required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description), "schema": schema]
    }

    private static func pathParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema]
    }

    private static func ref(_ name: String, in section: String = "schemas") -> JSONValue { ["$ref": .string("#/components/\(section)/\(name)")] }

    private static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map(JSONValue.string))] }

    private static func nullable(_ schema: JSONValue) -> JSONValue { ["oneOf": [schema, ["type": "null"]]] }

    /// Matches objects whose `member` is there and of `type` (not null).
    private static func given(_ member: String, _ type: String) -> JSONValue {
        ["required": [.string(member)], "properties": [member: ["type": .string(type)]]]
    }

    // MARK: Shared value schemas

    /// What `RegionCode` accepts: a division code of 2, 4, 6, 9 or 12 digits not starting with 00,
    /// or a grid (15) or micro-grid (18) code whose village part and own last three digits are not 000.
    static let codeSchema: JSONValue = {
        let nonZero3 = "(?:00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})"
        let division = "(?:0[1-9]|[1-9][0-9])(?:[0-9]{2}|[0-9]{4}|[0-9]{7}|[0-9]{10})?"
        let grid = "[0-9]{9}\(nonZero3)(?:\(nonZero3)|[0-9]{3}\(nonZero3))"
        return ["type": "string", "pattern": .string("^(?:\(division)|\(grid))$")]
    }()

    static let numberSchema: JSONValue = ["type": "string", "pattern": "^[0-9]{6}-[0-9]{8}-[0-9]{4,}$"]
    static let latitude: JSONValue = ["type": "number", "minimum": -90, "maximum": 90]
    static let longitude: JSONValue = ["type": "number", "minimum": -180, "maximum": 180]
    static let datum: JSONValue = ["type": "string", "enum": ["wgs84", "gcj02"]]
    static let time: JSONValue = ["type": "string", "format": "date-time"]
    /// A time given by a client, as `ISO8601UTC.parse` reads it: RFC 3339 with its zone, at most nine
    /// digits of fraction, and a UTC offset within ±14:59 (every real time zone is within ±14:00).
    static let timeInput: JSONValue = ["type": "string", "format": "date-time",
                                       "pattern": #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:[Zz]|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])$"#]
    static let states = CaseState.allCases.map(\.rawValue).joined(separator: "|")
    static let statesSchema: JSONValue = ["type": "string", "pattern": .string("^(?:\(states))(?:,(?:\(states)))*$")]

    /// What an action needs besides its name: `if` the action is one of these, `then` these members.
    static let actionNeeds: [JSONValue] = {
        let note: JSONValue = ["type": "string", "maxLength": 2000, "pattern": #"\S"#]
        let needs: [([CaseAction], [String: JSONValue])] = [
            ([.reject, .returnCase, .handle, .rework, .selfHandle, .requestVoid, .refuseSelfHandling], ["note": note]),
            ([.requestExtension], ["note": note, "hours": ["type": "number", "exclusiveMinimum": 0, "maximum": 720]]),
            ([.merge], ["duplicate_of": numberSchema]),
            ([.whistle], ["departments": ["type": "array", "minItems": 1, "maxItems": 10]]),
            ([.rate], ["rating": ["type": "string"]]),
            ([.locate], ["lat": ["type": "number"], "lng": ["type": "number"]]),
        ]
        return needs.map { actions, members in
            ["if": ["properties": ["action": ["enum": .array(actions.map { .string($0.rawValue) })]]],
             "then": ["required": .array(members.keys.sorted().map(JSONValue.string)), "properties": .object(members)]]
        }
    }()

    // MARK: Schemas

    private static func schemas() -> [String: JSONValue] {
        let string: JSONValue = ["type": "string"]
        let nullableString: JSONValue = ["type": ["string", "null"]]
        let integer: JSONValue = ["type": "integer", "minimum": 0]
        /// An object schema: every property required unless `required` says otherwise; no others unless not `closed`.
        func object(_ properties: [String: JSONValue], required: [String]? = nil, closed: Bool = true, also: [String: JSONValue] = [:]) -> JSONValue {
            var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties),
                                               "required": .array((required ?? properties.keys.sorted()).map(JSONValue.string))]
            if closed { schema["additionalProperties"] = false }
            schema.merge(also) { _, added in added }
            return .object(schema)
        }
        let region: [String: JSONValue] = [
            "code": ["type": ["string", "null"], "pattern": "^[0-9]{12}(?:[0-9]{3}){0,2}$"], "name": string,
            "level": enumeration(RegionLevel.allCases.map(\.name) + ["territory"]),
            "level_number": ["type": "integer", "minimum": 0, "maximum": 7], "parent_code": nullableString,
            "seat": nullable(ref("Point")), "boundary": ref("Geometry"),
        ]
        let regionRequired = ["code", "name", "level", "level_number", "parent_code"]
        let caseProperties: [String: JSONValue] = [
            "id": string, "number": numberSchema, "state": enumeration(CaseState.allCases.map(\.rawValue)),
            "category": string, "category_name": nullableString, "description": string, "location": nullable(ref("Point")),
            "region_code": string, "address": nullableString, "channel": enumeration(CaseChannel.allCases.map(\.rawValue)),
            "reporter": nullableString, "discoverer": nullableString, "unit": nullableString, "centre_code": string,
            "co_handlers": ["type": "object", "additionalProperties": object(["reported_in": ["type": "boolean"]])],
            "report_in_due_at": nullable(time), "step": nullable(enumeration(CaseStep.allCases.map(\.rawValue))),
            "due_at": nullable(time), "time_status": nullable(enumeration(["normal", "yellow", "red"])),
            "supervised": ["type": "boolean"], "urged": ["type": "boolean"], "warn_at": nullable(time),
            "extension_requested_hours": ["type": ["number", "null"]], "void_requested": nullableString, "duplicate_of": nullableString,
            "likely_duplicates": ["type": "array", "items": string], "reopened": ["type": "boolean"],
            "rating": nullable(enumeration(CaseRating.allCases.map(\.rawValue))), "reported_at": time, "updated_at": time,
            "location_pending": ["type": "boolean"],
        ]
        var reported = caseProperties
        reported["tracking_token"] = nullableString
        var detail = caseProperties
        detail["history"] = ["type": "array", "items": object([
            "seq": integer, "at": time, "actor": string, "action": string,
            "from": nullable(enumeration(CaseState.allCases.map(\.rawValue))), "to": enumeration(CaseState.allCases.map(\.rawValue)),
            "note": nullableString, "data": [:],
        ])]
        detail["allowed_actions"] = ["type": "array", "items": enumeration(CaseAction.allCases.map(\.rawValue))]
        let position: JSONValue = ["type": "array", "minItems": 2, "prefixItems": [longitude, latitude], "items": ["type": "number"]]
        let rings: JSONValue = ["type": "array", "minItems": 1, "items": ["type": "array", "minItems": 4, "items": position]]
        let polygon: JSONValue = ["type": "object", "required": ["type", "coordinates"], "properties": ["type": ["const": "Polygon"], "coordinates": rings]]
        let multiPolygon: JSONValue = ["type": "object", "required": ["type", "coordinates"],
                                       "properties": ["type": ["const": "MultiPolygon"], "coordinates": ["type": "array", "minItems": 1, "items": rings]]]
        let categoryCode: JSONValue = ["type": "string", "pattern": "^[A-Z0-9]{1,16}$"]
        let user = object(["username": string, "display_name": nullableString, "role": enumeration(Role.allCases.map(\.rawValue)),
                           "scope": ["oneOf": [object(["kind": ["const": "territory"]]),
                                               object(["kind": ["const": "region"], "region_code": string]),
                                               object(["kind": ["const": "department"], "department_code": string])]]])
        return [
            "Error": object(["error": object(["code": string, "message": string, "field": nullableString]),
                             "allowed_actions": ["type": "array", "items": enumeration(CaseAction.allCases.map(\.rawValue))]],
                            required: ["error"]),
            "Point": object(["lat": latitude, "lng": longitude], closed: false),
            "Geometry": ["description": "GeoJSON geometry (WGS-84)", "type": "object", "required": ["type", "coordinates"],
                         "properties": ["type": ["enum": ["Polygon", "MultiPolygon"]], "coordinates": ["type": "array"]]],
            "Region": object(region, required: regionRequired),
            "RegionNode": object(region.merging(["children": ["type": "array", "items": ref("Region")]]) { a, _ in a },
                                 required: regionRequired + ["children"]),
            "RegionSearch": object(["regions": ["type": "array", "items": ref("Region")]]),
            // In bodies, null stands for a member left out.
            "RegionInput": object([
                "name": ["type": "string", "minLength": 1, "maxLength": 100, "pattern": #"\S"#], "parent_code": nullable(codeSchema),
                "boundary": nullable(ref("BoundaryInput")), "datum": nullable(datum), "seat": nullable(ref("Point")),
            ], required: ["name"]),
            "BoundaryInput": ["description": "GeoJSON Polygon or MultiPolygon, or a Feature holding one; rings of at least 4 [lng, lat] positions",
                              "oneOf": [polygon, multiPolygon, ["type": "object", "required": ["type", "geometry"],
                                                                "properties": ["type": ["const": "Feature"], "geometry": ["oneOf": [polygon, multiPolygon]]]]]],
            "LogIn": object(["username": ["type": "string", "minLength": 1], "password": ["type": "string", "minLength": 1]]),
            "User": user,
            "Session": object(["token": string, "csrf_token": string, "expires_at": time, "user": ref("User")]),
            "SessionInfo": object(["user": ref("User"), "csrf_token": nullableString]),
            // A point (lat and lng together), a region, or (from the hotline) an address alone.
            "ReportInput": object([
                "category": string, "description": ["type": "string", "minLength": 1, "maxLength": 2000, "pattern": #"\S"#],
                "lat": nullable(latitude), "lng": nullable(longitude), "datum": nullable(datum), "region_code": nullable(codeSchema),
                "address": nullable(["type": "string", "maxLength": 200]),
                "reporter_phone": nullable(["type": "string", "pattern": "^[- ]*(?:1(?:[- ]*[0-9]){10}|0(?:[- ]*[0-9]){6,11})[- ]*$"]),
                "channel": nullable(enumeration(CaseChannel.allCases.map(\.rawValue))),
            ], required: ["category", "description"],
               also: ["allOf": [["if": given("lat", "number"), "then": given("lng", "number")], ["if": given("lng", "number"), "then": given("lat", "number")]],
                      "anyOf": [given("lat", "number"), given("region_code", "string"), given("address", "string")]]),
            // Members an action does not use are not checked beyond their type (see actionNeeds).
            "ActionInput": object([
                "action": enumeration(CaseAction.allCases.map(\.rawValue)), "note": nullableString, "unit": nullableString,
                "hours": ["type": ["number", "null"]], "rating": nullable(enumeration(CaseRating.allCases.map(\.rawValue))),
                "duplicate_of": nullableString, "departments": nullable(["type": "array", "items": string]), "tracking_token": nullableString,
                "lat": nullable(latitude), "lng": nullable(longitude), "datum": nullable(datum),
            ], required: ["action"], also: ["allOf": .array(actionNeeds)]),
            "Case": object(caseProperties),
            "ReportedCase": object(reported),
            "CaseDetail": object(detail),
            "CaseList": object(["cases": ["type": "array", "items": ref("Case")], "next_cursor": nullableString]),
            "CaseStats": object([
                "open": integer, "overdue": integer, "closed": integer,
                "closed_by_level": object(Dictionary(uniqueKeysWithValues: LinkageShares.HandlingLevelName.allCases.map { ($0.rawValue, integer) })),
                "share_within_grid": ["type": ["number", "null"], "minimum": 0, "maximum": 1],
                "share_within_township": ["type": ["number", "null"], "minimum": 0, "maximum": 1],
            ]),
            "Attachment": object([
                "sha256": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                "content_type": enumeration(ImageDimensions.Format.allCases.map(\.contentType)),
                "size": ["type": "integer", "minimum": 1], "uploaded_by": string, "at": time, "url": string,
            ]),
            // Codes are unique and a parent is a top category of the same catalogue.
            "Catalogue": object(["categories": ["type": "array", "items": object([
                "code": categoryCode, "name": ["type": "string", "minLength": 1], "parent": nullable(categoryCode),
                "handler": ["type": "string", "pattern": #"^(?:community|township|county|department:[\s\S]+)$"#],
                "limits": nullable(["type": "object", "propertyNames": enumeration(CaseStep.allCases.map(\.rawValue)),
                                    "additionalProperties": ["type": "number", "exclusiveMinimum": 0, "maximum": 10000]]),
            ], required: ["code", "name", "handler"], closed: false)]]),
        ]
    }
}

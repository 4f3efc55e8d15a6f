import GridCore

extension OpenAPI {
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
        // 不满意 needs a comment on what is unsatisfactory.
        let unsatisfied: JSONValue = [
            "if": [
                "properties": ["action": ["const": "rate"], "rating": ["const": "unsatisfied"]],
                "required": ["action", "rating"],
            ],
            "then": ["required": ["note"], "properties": ["note": note]],
        ]
        return needs.map { actions, members in
            [
                "if": ["properties": ["action": ["enum": .array(actions.map { .string($0.rawValue) })]]],
                "then": [
                    "required": .array(members.keys.sorted().map(JSONValue.string)), "properties": .object(members),
                ],
            ]
        } + [unsatisfied]
    }()

    /// Cases, their actions, attachments, statistics, events and the category catalogue.
    static let cases = OpenAPIFragment(
        paths: {
            let number = pathParameter("number", numberSchema, "The case number, e.g. 330106-20261122-0042")
            let trackingToken = query(
                "tracking_token", ["type": "string"], "a reporter's tracking code, for reporters without an account")
            return [
                "/api/v1/cases": [
                    "post": operation(
                        "reportCase",
                        "Report a case (any channel; no account needed for residents, who get a tracking_token)",
                        security: .optional, body: ref("ReportInput"),
                        responses: [
                            "201": [
                                "description": "Reported",
                                "headers": ["Location": ["required": true, "schema": ["type": "string"]]],
                                "content": ["application/json": ["schema": ref("ReportedCase")]],
                            ]
                        ],
                        errors: ["400", "403", "413", "415", "429"]),
                    "get": operation(
                        "cases", "The caller's case queue, newest first",
                        parameters: [
                            query("state", statesSchema, "comma-separated states"),
                            query("category", ["type": "string"], "a category or a top category"),
                            query("region", codeSchema, "a subtree in scope"),
                            query("overdue", ["type": "boolean"], "only cases past their step's due time"),
                            query("channel", enumeration(CaseChannel.allCases.map(\.rawValue)), "reporting channel"),
                            query(
                                "q",
                                ["type": "string", "maxLength": 200, "pattern": #"^[^\u0000-\u001F\u007F-\u009F]*$"#],
                                "a case number or phone, whole or its last 3+ digits, or words of the description or address (no control characters)"
                            ),
                            query("from", timeInput, "reported at or after"),
                            query("to", timeInput, "reported before"),
                            query(
                                "cursor", ["type": "string", "pattern": #"^[+-]?[0-9]{1,18}_[\s\S]+$"#],
                                "next_cursor of the previous page"),
                            query("limit", ["type": "integer", "minimum": 1, "maximum": 200], "page size, default 50"),
                        ],
                        ok: ref("CaseList"), errors: ["400", "403"]),
                ],
                "/api/v1/cases/{number}": [
                    "get": operation(
                        "case", "A case with its history and the actions open to the caller", security: .optional,
                        parameters: [number, trackingToken], ok: ref("CaseDetail"), errors: ["400", "403", "404"])
                ],
                "/api/v1/cases/{number}/actions": [
                    "post": operation(
                        "actOnCase", "Take a workflow action; 409 with allowed_actions when it is not allowed now",
                        security: .optional,
                        parameters: [number], body: ref("ActionInput"), ok: ref("CaseDetail"),
                        errors: ["400", "403", "404", "409", "413", "415"])
                ],
                "/api/v1/cases/{number}/attachments": [
                    "post": operation(
                        "attach",
                        "Attach an image as the raw body: JPEG, PNG, WebP or HEIC, read from its bytes (and refused unless it parses as that type), at most 5 MB",
                        security: .optional, parameters: [number, trackingToken],
                        rawBody: ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]],
                        responses: [
                            "201": [
                                "description": "Attached",
                                "content": ["application/json": ["schema": ref("Attachment")]],
                            ]
                        ],
                        errors: ["400", "403", "404", "413"]),
                    "get": operation(
                        "attachments", "The attachments of a case", security: .optional,
                        parameters: [number, trackingToken],
                        ok: [
                            "type": "object", "required": ["attachments"], "additionalProperties": false,
                            "properties": ["attachments": ["type": "array", "items": ref("Attachment")]],
                        ],
                        errors: ["400", "403", "404"]),
                ],
                "/api/v1/cases/{number}/attachments/{sha256}": [
                    "get": operation(
                        "attachment",
                        "An attachment's bytes, served inline with nosniff and a sandboxing Content-Security-Policy",
                        security: .optional,
                        parameters: [
                            number,
                            pathParameter(
                                "sha256", ["type": "string", "pattern": "^[0-9a-f]{64}$"], "the file's SHA-256"),
                            trackingToken,
                        ],
                        responses: [
                            "200": [
                                "description": "The file",
                                "content": .object(
                                    Dictionary(
                                        uniqueKeysWithValues: ImageDimensions.Format.allCases.map {
                                            (
                                                $0.contentType,
                                                ["schema": ["type": "string", "format": "binary"]] as JSONValue
                                            )
                                        })),
                            ]
                        ], errors: ["400", "403", "404"])
                ],
                "/api/v1/case-stats": [
                    "get": operation(
                        "caseStats",
                        "Open and overdue cases, and the level closed cases were handled at: share_within_grid (小事不出格), share_within_township (大事不出网)",
                        parameters: [query("region", codeSchema, "a subtree in scope")], ok: ref("CaseStats"),
                        errors: ["400", "403", "404"])
                ],
                "/api/v1/events": [
                    "get": operation(
                        "streamEvents",
                        "Server-Sent Events: every change of a case the caller may see (event: case, data: the case)",
                        responses: [
                            "200": [
                                "description": "An event stream",
                                "content": ["text/event-stream": ["schema": ["type": "string"]]],
                            ]
                        ])
                ],
                "/api/v1/categories": [
                    "get": operation(
                        "categories", "The category catalogue (export)", security: .none, ok: ref("Catalogue")),
                    "put": operation(
                        "saveCategories", "Replace the catalogue (import; territory admins)", body: ref("Catalogue"),
                        ok: ref("Catalogue"),
                        errors: ["400", "403", "413", "415"]),
                ],
            ]
        },
        schemas: {
            let caseProperties: [String: JSONValue] = [
                "id": string, "number": numberSchema, "state": enumeration(CaseState.allCases.map(\.rawValue)),
                "category": string, "category_name": nullableString, "description": string,
                "location": nullable(ref("Point")),
                "region_code": string, "address": nullableString,
                "channel": enumeration(CaseChannel.allCases.map(\.rawValue)),
                "reporter": nullableString, "discoverer": nullableString, "unit": nullableString, "centre_code": string,
                "co_handlers": [
                    "type": "object", "additionalProperties": object(["reported_in": ["type": "boolean"]]),
                ],
                "report_in_due_at": nullable(time), "step": nullable(enumeration(CaseStep.allCases.map(\.rawValue))),
                "due_at": nullable(time), "time_status": nullable(enumeration(["normal", "yellow", "red"])),
                "supervised": ["type": "boolean"], "urged": ["type": "boolean"], "warn_at": nullable(time),
                "extension_requested_hours": ["type": ["number", "null"]], "void_requested": nullableString,
                "duplicate_of": nullableString,
                "likely_duplicates": ["type": "array", "items": string], "reopened": ["type": "boolean"],
                "rating": nullable(enumeration(CaseRating.allCases.map(\.rawValue))), "reported_at": time,
                "updated_at": time,
                "location_pending": ["type": "boolean"],
            ]
            var reported = caseProperties
            reported["tracking_token"] = nullableString
            var detail = caseProperties
            detail["history"] = [
                "type": "array",
                "items": object([
                    "seq": integer, "at": time, "actor": string, "action": string,
                    "from": nullable(enumeration(CaseState.allCases.map(\.rawValue))),
                    "to": enumeration(CaseState.allCases.map(\.rawValue)),
                    "note": nullableString, "reply": nullableString, "data": [:],
                ]),
            ]
            detail["allowed_actions"] = ["type": "array", "items": enumeration(CaseAction.allCases.map(\.rawValue))]
            let categoryCode: JSONValue = ["type": "string", "pattern": "^[A-Z0-9]{1,16}$"]
            return [
                // A point (lat and lng together), a region, or (from the hotline) an address alone.
                "ReportInput": object(
                    [
                        "category": string,
                        "description": ["type": "string", "minLength": 1, "maxLength": 2000, "pattern": #"\S"#],
                        "lat": nullable(latitude), "lng": nullable(longitude), "datum": nullable(datum),
                        "region_code": nullable(codeSchema),
                        "address": nullable(["type": "string", "maxLength": 200]),
                        "reporter_phone": nullable([
                            "type": "string", "pattern": "^[- ]*(?:1(?:[- ]*[0-9]){10}|0(?:[- ]*[0-9]){6,11})[- ]*$",
                        ]),
                        "channel": nullable(enumeration(CaseChannel.allCases.map(\.rawValue))),
                    ], required: ["category", "description"],
                    also: [
                        "allOf": [
                            ["if": given("lat", "number"), "then": given("lng", "number")],
                            ["if": given("lng", "number"), "then": given("lat", "number")],
                        ],
                        "anyOf": [given("lat", "number"), given("region_code", "string"), given("address", "string")],
                    ]),
                // Members an action does not use are not checked beyond their type (see actionNeeds).
                "ActionInput": object(
                    [
                        "action": enumeration(CaseAction.allCases.map(\.rawValue)), "note": nullableString,
                        "unit": nullableString,
                        "hours": ["type": ["number", "null"]],
                        "rating": nullable(enumeration(CaseRating.allCases.map(\.rawValue))),
                        "duplicate_of": nullableString, "departments": nullable(["type": "array", "items": string]),
                        "tracking_token": nullableString,
                        "reply": nullable(["type": "string", "maxLength": 2000]),
                        "lat": nullable(latitude), "lng": nullable(longitude), "datum": nullable(datum),
                    ], required: ["action"], also: ["allOf": .array(actionNeeds)]),
                "Case": object(caseProperties),
                "ReportedCase": object(reported),
                "CaseDetail": object(detail),
                "CaseList": object(["cases": ["type": "array", "items": ref("Case")], "next_cursor": nullableString]),
                "CaseStats": object([
                    "open": integer, "overdue": integer, "closed": integer,
                    "closed_by_level": object(
                        Dictionary(
                            uniqueKeysWithValues: LinkageShares.HandlingLevelName.allCases.map {
                                ($0.rawValue, integer)
                            })),
                    "share_within_grid": ["type": ["number", "null"], "minimum": 0, "maximum": 1],
                    "share_within_township": ["type": ["number", "null"], "minimum": 0, "maximum": 1],
                ]),
                "Attachment": object([
                    "sha256": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                    "content_type": enumeration(ImageDimensions.Format.allCases.map(\.contentType)),
                    "size": ["type": "integer", "minimum": 1], "uploaded_by": string, "at": time, "url": string,
                ]),
                // Codes are unique and a parent is a top category of the same catalogue.
                "Catalogue": object([
                    "categories": [
                        "type": "array",
                        "items": object(
                            [
                                "code": categoryCode, "name": ["type": "string", "minLength": 1],
                                "name_en": nullable(["type": "string"]), "parent": nullable(categoryCode),
                                "handler": [
                                    "type": "string", "pattern": #"^(?:community|township|county|department:[\s\S]+)$"#,
                                ],
                                "limits": nullable([
                                    "type": "object", "propertyNames": enumeration(CaseStep.allCases.map(\.rawValue)),
                                    "additionalProperties": [
                                        "type": "number", "exclusiveMinimum": 0, "maximum": 10000,
                                    ],
                                ]),
                            ], required: ["code", "name", "handler"], closed: false),
                    ]
                ]),
            ]
        })
}

import GridCore

/// The words every feature's part of the OpenAPI document is written in (``OpenAPIFragment``):
/// operations, parameters, references, and the value schemas several features share.
enum OpenAPI {
    /// Who may call an operation: signed in, anyone, or anyone with more seen when signed in.
    enum Security { case required, none, optional }

    /// An operation; `ok` is its 200 JSON body unless `responses` says otherwise. Every operation
    /// may answer 401 (a bad `Authorization` header is refused wherever it is sent), and those that
    /// read a query string 400 (a parameter that is not UTF-8).
    static func operation(
        _ id: String, _ summary: String, security: Security = .required, parameters: [JSONValue] = [],
        body: JSONValue? = nil, rawBody: JSONValue? = nil, ok: JSONValue? = nil,
        responses: [String: JSONValue] = [:], errors: [String] = []
    ) -> JSONValue {
        var all = responses
        if let ok { all["200"] = ["description": "OK", "content": ["application/json": ["schema": ok]]] }
        for status in Set(errors + ["401"]) { all[status] = ref("Error", in: "responses") }
        var object: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary), "responses": .object(all),
        ]
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let body { object["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
        if let rawBody { object["requestBody"] = ["required": true, "content": rawBody] }
        let signedIn: [JSONValue] = [["bearer": []], ["cookie": []]]
        object["security"] =
            switch security {
            case .required: .array(signedIn)
            case .none: []
            case .optional: .array(signedIn + [[:]])
            }
        return .object(object)
    }

    static func query(_ name: String, _ schema: JSONValue, _ description: String, required: Bool = false) -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": .bool(required), "description": .string(description),
            "schema": schema,
        ]
    }

    static func pathParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema]
    }

    static func ref(_ name: String, in section: String = "schemas") -> JSONValue {
        ["$ref": .string("#/components/\(section)/\(name)")]
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func nullable(_ schema: JSONValue) -> JSONValue { ["oneOf": [schema, ["type": "null"]]] }

    /// Matches objects whose `member` is there and of `type` (not null).
    static func given(_ member: String, _ type: String) -> JSONValue {
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
    static let timeInput: JSONValue = [
        "type": "string", "format": "date-time",
        "pattern":
            #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:[Zz]|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])$"#,
    ]
    static let states = CaseState.allCases.map(\.rawValue).joined(separator: "|")
    static let statesSchema: JSONValue = ["type": "string", "pattern": .string("^(?:\(states))(?:,(?:\(states)))*$")]

    static let string: JSONValue = ["type": "string"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let integer: JSONValue = ["type": "integer", "minimum": 0]

    /// An object schema: every property required unless `required` says otherwise; no others unless not `closed`.
    static func object(
        _ properties: [String: JSONValue], required: [String]? = nil, closed: Bool = true,
        also: [String: JSONValue] = [:]
    ) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties),
            "required": .array((required ?? properties.keys.sorted()).map(JSONValue.string)),
        ]
        if closed { schema["additionalProperties"] = false }
        schema.merge(also) { _, added in added }
        return .object(schema)
    }
}

import GridCore

extension OpenAPI {
    /// The base-data registries: people, houses, organisations and key people of a grid, masked.
    static let registries = OpenAPIFragment(
        paths: {
            let page = [
                query("grid", codeSchema, "the grid", required: true),
                query("limit", ["type": "integer", "minimum": 1, "maximum": 500], "at most this many (default 100)"),
                query("offset", ["type": "integer", "minimum": 0, "maximum": 4500], "skip this many (default 0)"),
            ]
            let list = { (name: String, item: String) -> JSONValue in
                object([name: ["type": "array", "items": ref(item)], "has_more": ["type": "boolean"]])
            }
            return [
                "/api/v1/people": [
                    "get": operation(
                        "people", "A grid's people by name, identity numbers and phones masked", parameters: page,
                        ok: list("people", "Person"), errors: ["400", "403"]),
                    "post": operation(
                        "savePerson",
                        "Registers a person, or corrects the one with the same identity number field by field",
                        body: ref("PersonFields"), ok: object(["saved": ["type": "boolean"]]),
                        errors: ["400", "403", "413", "415"]),
                ],
                "/api/v1/people/{county}/{id}": [
                    "get": operation(
                        "person", "One person in scope with their profile, masked",
                        parameters: [
                            pathParameter(
                                "county", ["type": "string", "pattern": "^[0-9]{6}$"], "the person's county"),
                            pathParameter("id", string, "the person's record id"),
                        ], ok: ref("Person"), errors: ["403", "404"])
                ],
                "/api/v1/people/{county}/{id}/reveal": [
                    "post": operation(
                        "revealPerson",
                        "A person's identity number and phone in clear, for an administrator or command centre, journaled with the reason",
                        parameters: [
                            pathParameter(
                                "county", ["type": "string", "pattern": "^[0-9]{6}$"], "the person's county"),
                            pathParameter("id", string, "the person's record id"),
                        ], body: object(["reason": ["type": "string", "minLength": 2, "maxLength": 200]]),
                        ok: object(["id_number": nullableString, "phone": nullableString]),
                        errors: ["400", "403", "404", "413", "415"])
                ],
                "/api/v1/people/lookup": [
                    "post": operation(
                        "lookUpPerson",
                        "People found by identity number or phone through the blind index; journaled, at most 120 an account in 10 minutes",
                        body: ref("PersonLookup"),
                        ok: object(["people": ["type": "array", "items": ref("Person")]]),
                        errors: ["400", "403", "413", "415", "429"])
                ],
                "/api/v1/houses": [
                    "get": operation(
                        "houses", "A grid's houses with how many registered people live in each", parameters: page,
                        ok: list("houses", "House"), errors: ["400", "403"])
                ],
                "/api/v1/organisations": [
                    "get": operation(
                        "organisations", "A grid's organisations by name, phones masked", parameters: page,
                        ok: list("organisations", "Organisation"), errors: ["400", "403"])
                ],
                "/api/v1/key-people": [
                    "get": operation(
                        "keyPeople", "The grid's key people the caller may see", parameters: page,
                        ok: object(["key_people": ["type": "array", "items": ref("KeyPerson")]]),
                        errors: ["400", "403"])
                ],
            ]
        },
        schemas: {
            let count: JSONValue = ["type": ["integer", "null"], "minimum": 0]
            return [
                "Person": object([
                    "id": string, "name": string, "id_number": nullableString, "phone": nullableString,
                    "birth_year": ["type": ["integer", "null"]],
                    "sex": ["type": ["string", "null"], "enum": ["male", "female", nil]],
                    "ethnicity": nullableString,
                    "population_type": enumeration(PopulationType.allCases.map(\.rawValue)), "grid_code": string,
                    "address": nullableString, "tags": ["type": "array", "items": string],
                    "county_code": string, "profile": ["type": "object", "additionalProperties": string],
                ]),
                "PersonFields": object(
                    Dictionary(uniqueKeysWithValues: PeopleFile.columns.names.map { ($0, string) }),
                    required: ["name", "grid_code"]),
                "PersonLookup": [
                    "oneOf": [
                        object(["id_number": ["type": "string", "pattern": "^(?:[0-9]{17}[0-9Xx]|[0-9]{15})$"]]),
                        object(["phone": ["type": "string", "pattern": "^[0-9 +()-]{7,32}$"]]),
                    ]
                ],
                "House": object([
                    "address_code": string, "address": string, "grid_code": string,
                    "use": enumeration(HouseUse.allCases.map(\.rawValue)), "owner_id_number": nullableString,
                    "area": ["type": ["number", "null"]], "tenants": count, "tenant_limit": count,
                    "hazard_level": [
                        "type": ["string", "null"],
                        "enum": .array(
                            HazardLevel.allCases.map { JSONValue.string($0.rawValue) } + [.null]),
                    ],
                    "residents": integer,
                ]),
                "Organisation": object([
                    "credit_code": string, "name": string, "type": nullableString, "address": nullableString,
                    "grid_code": string, "contact_phone": nullableString, "legal_representative": nullableString,
                    "flags": ["type": "array", "items": string],
                ]),
                "KeyPerson": object([
                    "person": ref("Person"), "group": string, "group_name": string,
                    "attention": enumeration(AttentionLevel.allCases.map(\.rawValue)),
                    "visit_every_days": count,
                    "details": ["type": "object", "additionalProperties": string],
                ]),
            ]
        })
}

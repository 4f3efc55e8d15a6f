import GridCore

extension OpenAPI {
    /// The map layer. (The basemap's `/tiles/{z}/{x}/{y}` are images for the map, like `/assets/`,
    /// not part of the API.)
    static let map = OpenAPIFragment(
        paths: {
            [
                "/api/v1/map": [
                    "get": operation(
                        "mapLayer",
                        "A region of the caller's scope as the map draws it: its children with boundaries and open-case tallies, and the located open cases beneath (for residents and callers without credentials, the regions alone)",
                        security: .optional,
                        parameters: [query("region", codeSchema, "a region in scope (default: the top of the scope)")],
                        ok: ref("MapLayer"), errors: ["400", "403", "404"])
                ]
            ]
        },
        schemas: {
            // A region as ``RegionJSON`` writes it, with its open-case tallies and whether a click drills down.
            let region: [String: JSONValue] = [
                "code": ["type": "string", "pattern": "^[0-9]{12}(?:[0-9]{3}){0,2}$"], "name": string,
                "level": enumeration(RegionLevel.allCases.map(\.name)),
                "level_number": ["type": "integer", "minimum": 1, "maximum": 7], "parent_code": nullableString,
                "seat": nullable(ref("Point")), "boundary": ref("Geometry"),
                "open": integer, "warned": integer, "overdue": integer, "drills": ["type": "boolean"],
            ]
            return [
                "MapRegion": object(
                    region,
                    required: [
                        "code", "name", "level", "level_number", "parent_code", "open", "warned", "overdue", "drills",
                    ]),
                "MapLayer": object([
                    "region": ["oneOf": [ref("Region"), ["type": "null"]]],
                    "regions": ["type": "array", "items": ref("MapRegion")],
                    "cases": [
                        "type": "array",
                        "items": object([
                            "number": numberSchema, "lat": latitude, "lng": longitude,
                            "light": enumeration(["normal", "yellow", "red"]), "category_name": string,
                        ]),
                    ],
                    "truncated": ["type": "boolean"],
                    "basemap": [
                        "oneOf": [
                            object([
                                "url": string, "min_zoom": integer, "max_zoom": integer, "datum": datum,
                                "attribution": nullableString,
                            ]),
                            ["type": "null"],
                        ]
                    ],
                ]),
            ]
        })
}

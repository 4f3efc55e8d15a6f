import GridCore

extension OpenAPI {
    /// The region tree, boundaries and locating a point.
    static let regions = OpenAPIFragment(
        paths: {
            let code = pathParameter(
                "code", codeSchema,
                "Region code: 12 digits for divisions (2, 4, 6 or 9 accepted and padded), 15 for a grid, 18 for a micro-grid"
            )
            return [
                "/api/v1/regions": [
                    "get": operation(
                        "regions",
                        "The top of the caller's scope with its children; with q, regions of the scope whose name contains q",
                        parameters: [
                            query("q", ["type": "string", "minLength": 1, "maxLength": 50], "name fragment to search"),
                            query(
                                "limit", ["type": "integer", "minimum": 1, "maximum": 500],
                                "at most this many regions: matches of q (default 50), or children of the node (default all)"
                            ),
                        ],
                        ok: ["oneOf": [ref("RegionNode"), ref("RegionSearch")]], errors: ["400"])
                ],
                "/api/v1/regions/{code}": [
                    "get": operation(
                        "region", "One region with its boundary and children", parameters: [code],
                        ok: ref("RegionNode"),
                        errors: ["400", "403", "404"]),
                    "put": operation(
                        "saveRegion", "Add or change a region (admins, within scope)", parameters: [code],
                        body: ref("RegionInput"),
                        ok: ref("RegionNode"), errors: ["400", "403", "404", "413", "415"]),
                ],
                "/api/v1/locate": [
                    "get": operation(
                        "locate", "The grid containing a point",
                        parameters: [
                            query("lat", latitude, "latitude", required: true),
                            query("lng", longitude, "longitude", required: true),
                            query("datum", datum, "wgs84 (default) or gcj02"),
                        ],
                        ok: [
                            "type": "object", "required": ["grid", "point"], "additionalProperties": false,
                            "properties": ["grid": ref("Region"), "point": ref("Point")],
                        ], errors: ["400", "403", "404"])
                ],
            ]
        },
        schemas: {
            let region: [String: JSONValue] = [
                "code": ["type": ["string", "null"], "pattern": "^[0-9]{12}(?:[0-9]{3}){0,2}$"], "name": string,
                "level": enumeration(RegionLevel.allCases.map(\.name) + ["territory"]),
                "level_number": ["type": "integer", "minimum": 0, "maximum": 7], "parent_code": nullableString,
                "seat": nullable(ref("Point")), "boundary": ref("Geometry"),
            ]
            let regionRequired = ["code", "name", "level", "level_number", "parent_code"]
            let position: JSONValue = [
                "type": "array", "minItems": 2, "prefixItems": [longitude, latitude], "items": ["type": "number"],
            ]
            let rings: JSONValue = [
                "type": "array", "minItems": 1, "items": ["type": "array", "minItems": 4, "items": position],
            ]
            let polygon: JSONValue = [
                "type": "object", "required": ["type", "coordinates"],
                "properties": ["type": ["const": "Polygon"], "coordinates": rings],
            ]
            let multiPolygon: JSONValue = [
                "type": "object", "required": ["type", "coordinates"],
                "properties": [
                    "type": ["const": "MultiPolygon"], "coordinates": ["type": "array", "minItems": 1, "items": rings],
                ],
            ]
            return [
                "Region": object(region, required: regionRequired),
                "RegionNode": object(
                    region.merging(["children": ["type": "array", "items": ref("Region")]]) { a, _ in a },
                    required: regionRequired + ["children"]),
                "RegionSearch": object(["regions": ["type": "array", "items": ref("Region")]]),
                // In bodies, null stands for a member left out.
                "RegionInput": object(
                    [
                        "name": ["type": "string", "minLength": 1, "maxLength": 100, "pattern": #"\S"#],
                        "parent_code": nullable(codeSchema),
                        "boundary": nullable(ref("BoundaryInput")), "datum": nullable(datum),
                        "seat": nullable(ref("Point")),
                    ], required: ["name"]),
                "BoundaryInput": [
                    "description":
                        "GeoJSON Polygon or MultiPolygon, or a Feature holding one; rings of at least 4 [lng, lat] positions",
                    "oneOf": [
                        polygon, multiPolygon,
                        [
                            "type": "object", "required": ["type", "geometry"],
                            "properties": [
                                "type": ["const": "Feature"], "geometry": ["oneOf": [polygon, multiPolygon]],
                            ],
                        ],
                    ],
                ],
            ]
        })
}

import GridCore

extension OpenAPI {
    static let emergency = OpenAPIFragment(
        paths: {
            [
                "/api/v1/emergencies": [
                    "get": operation(
                        "emergencies",
                        "The regions in emergency (平战转换) that concern the caller — above its area and within it — most severe first, and the recent switches in and out",
                        ok: object([
                            "emergencies": ["type": "array", "items": ref("Emergency")],
                            "switches": ["type": "array", "items": ref("EmergencySwitch")],
                        ]), errors: ["403"]),
                    "post": operation(
                        "switchEmergency",
                        "Switches a region subtree into an emergency level (1 = Ⅰ, the most severe, to 4 = Ⅳ), between levels, or back to peace (level null); command centres and admins within their scope. Clocks started afterwards run by the level's rule",
                        body: object(
                            [
                                "region": codeSchema,
                                "level": ["type": ["integer", "null"], "minimum": 1, "maximum": 4],
                                "reason": ["type": "string", "minLength": 2, "maxLength": 500],
                            ], required: ["region", "reason"]),
                        ok: ref("EmergencySwitch"), errors: ["400", "403", "404", "409", "413", "415", "422"]),
                ]
            ]
        },
        schemas: {
            [
                "Emergency": object([
                    "region": string, "level": integer, "limit_share": ["type": "number"],
                    "warning_share": ["type": "number"], "since": string, "by": string, "reason": string,
                ]),
                "EmergencySwitch": object([
                    "region": string, "level": ["type": ["integer", "null"]], "at": string, "by": string,
                    "reason": string,
                ]),
            ]
        })
}

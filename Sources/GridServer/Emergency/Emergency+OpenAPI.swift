import GridCore

extension OpenAPI {
    static let campaignPath: [JSONValue] = [
        pathParameter("county", ["type": "string", "pattern": "^[0-9]{6}$"], "the campaign's county"),
        pathParameter("id", string, "the campaign's id"),
    ]

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
                ],
                "/api/v1/campaigns": [
                    "get": operation(
                        "campaigns", "The screening campaigns (走访排查) that concern the caller, open ones first",
                        ok: object(["campaigns": ["type": "array", "items": ref("Campaign")]]), errors: ["403"]),
                    "post": operation(
                        "startCampaign",
                        "Starts a screening campaign over a region: one task for every household (or person) of the registry there. Command centres and admins within their scope; two open campaigns of one kind never overlap",
                        body: object(
                            [
                                "region": codeSchema,
                                "definition": [
                                    "type": "object",
                                    "description":
                                        "title, kind, unit (household or person), questions [{key, label, type, options, required, show_if}], rules [{when, status, reason, raise_case, tag}], colours",
                                ],
                            ]),
                        ok: ref("Campaign"), errors: ["400", "403", "404", "409", "413", "415", "422"]),
                ],
                "/api/v1/campaigns/{county}/{id}": [
                    "get": operation(
                        "campaign",
                        "A campaign with its coverage of an area (default: the campaign's region, or the caller's area inside it) and of each child area, for the whole campaign or one day",
                        parameters: campaignPath + [
                            query("region", codeSchema, "the area"),
                            query(
                                "day", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
                                "only that day's results"),
                        ],
                        ok: ref("Campaign"), errors: ["400", "403", "404"])
                ],
                "/api/v1/campaigns/{county}/{id}/tasks": [
                    "get": operation(
                        "campaignTasks", "A grid's tasks of a campaign, those still to do first",
                        parameters: campaignPath + [query("grid", codeSchema, "the grid", required: true)],
                        ok: object(["tasks": ["type": "array", "items": ref("CampaignTask")]]),
                        errors: ["400", "403", "404"])
                ],
                "/api/v1/campaigns/{county}/{id}/tasks/{task_county}/{key}": [
                    "post": operation(
                        "recordCampaignResult",
                        "Records a household's (or person's) answers (grid workers): sent again with the same answers, the recorded result comes back with replayed true; with other answers, 409",
                        parameters: campaignPath + [
                            pathParameter(
                                "task_county", ["type": "string", "pattern": "^[0-9]{6}$"], "the household's county"),
                            pathParameter("key", string, "the household's address code or the person's id"),
                        ],
                        body: object([
                            "answers": [
                                "type": "object",
                                "additionalProperties": ["type": ["string", "number", "null"]],
                            ]
                        ]),
                        ok: ref("CampaignTask"), errors: ["400", "403", "404", "409", "413", "415", "422"])
                ],
                "/api/v1/campaigns/{county}/{id}/close": [
                    "post": operation(
                        "closeCampaign", "Ends a campaign; its tasks and figures stay",
                        parameters: campaignPath, ok: ref("Campaign"), errors: ["403", "404", "409"])
                ],
            ]
        },
        schemas: {
            [
                "Emergency": object([
                    "region": string, "level": integer, "limit_share": ["type": "number"],
                    "warning_share": ["type": "number"], "since": string, "by": string, "reason": string,
                ]),
                "Campaign": object(
                    [
                        "county": string, "id": string, "region": string, "title": string, "kind": string,
                        "unit": enumeration(["household", "person"]), "tasks": integer, "created_by": string,
                        "created_at": string, "closed_at": nullableString,
                        "questions": ["type": "array", "items": ["type": "object"]],
                        "coverage": ref("CampaignCoverage"),
                        "children": ["type": "array", "items": ref("CampaignCoverage")],
                    ],
                    required: [
                        "county", "id", "region", "title", "kind", "unit", "tasks", "created_by", "created_at",
                        "closed_at", "questions",
                    ]),
                "CampaignCoverage": object([
                    "region": string, "households": integer, "visited": integer, "yellow": integer, "orange": integer,
                    "red": integer, "colour": ["type": ["string", "null"]],
                ]),
                "CampaignTask": object(
                    [
                        "county": string, "key": string, "grid": string, "label": string, "done_at": nullableString,
                        "done_by": nullableString, "answers": ["type": "object"], "status": nullableString,
                        "case": nullableString, "replayed": ["type": "boolean"],
                    ],
                    required: [
                        "county", "key", "grid", "label", "done_at", "done_by", "answers", "status", "case",
                    ]),
                "EmergencySwitch": object([
                    "region": string, "level": ["type": ["integer", "null"]], "at": string, "by": string,
                    "reason": string,
                ]),
            ]
        })
}

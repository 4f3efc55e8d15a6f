import GridCore

extension OpenAPI {
    static let disputes = OpenAPIFragment(
        paths: {
            let path: [JSONValue] = [
                pathParameter("county", ["type": "string", "pattern": "^[0-9]{6}$"], "the dispute's county"),
                pathParameter("id", string, "the dispute's id"),
            ]
            return [
                "/api/v1/disputes": [
                    "get": operation(
                        "disputes",
                        "The disputes of an area (default: the caller's), newest first, with its mediation record in all, by grid and by mediator",
                        parameters: [query("region", codeSchema, "the area")],
                        ok: object([
                            "disputes": ["type": "array", "items": ref("Dispute")],
                            "figures": ref("DisputeFigures"),
                            "grids": ["type": "array", "items": ["type": "object"]],
                            "mediators": ["type": "array", "items": ["type": "object"]],
                        ]), errors: ["400", "403", "404"]),
                    "post": operation(
                        "registerDispute",
                        "Registers a dispute (矛盾纠纷) in a grid of the caller's scope; parties are people of the registry the caller may see (person_id) or outsiders by name",
                        body: object(
                            [
                                "grid": codeSchema, "kind": enumeration(DisputeKind.allCases.map(\.rawValue)),
                                "summary": ["type": "string", "minLength": 2, "maxLength": 2000],
                                "people_involved": ["type": "integer", "minimum": 1, "maximum": 100_000],
                                "risk": enumeration(DisputeRisk.allCases.map(\.rawValue)),
                                "source": enumeration(DisputeSource.allCases.map(\.rawValue)),
                                "case_number": ["type": "string"],
                                "parties": [
                                    "type": "array", "minItems": 2, "maxItems": 20,
                                    "items": object(
                                        [
                                            "name": ["type": "string", "minLength": 1, "maxLength": 50],
                                            "person_id": ["type": "string"],
                                        ], required: []),
                                ],
                            ],
                            required: ["grid", "kind", "summary", "people_involved", "risk", "source", "parties"]),
                        ok: ref("Dispute"), errors: ["400", "403", "404", "413", "415", "422"]),
                ],
                "/api/v1/disputes/{county}/{id}": [
                    "get": operation(
                        "dispute",
                        "One dispute with its history (a session's minutes only for its mediators and centre) and the steps open to the caller",
                        parameters: path, ok: ref("Dispute"), errors: ["403", "404"])
                ],
                "/api/v1/disputes/{county}/{id}/actions": [
                    "post": operation(
                        "actOnDispute",
                        "Takes a mediation step: accept, assign (mediators), session (minutes, attendance), agree (agreement), fail (note), refer (referral, note), follow_up (note, 30 days after the agreement), escalate (risk)",
                        parameters: path,
                        body: object(
                            [
                                "action": enumeration(DisputeAction.allCases.map(\.rawValue)),
                                "note": ["type": "string", "maxLength": 2000],
                                "mediators": [
                                    "type": "array",
                                    "items": object(
                                        [
                                            "name": string,
                                            "kind": enumeration(DisputeMediator.Kind.allCases.map(\.rawValue)),
                                            "account": string,
                                        ], required: ["name"]),
                                ],
                                "minutes": ["type": "string", "maxLength": 5000],
                                "attendance": ["type": "array", "items": string],
                                "agreement": ["type": "string", "maxLength": 5000],
                                "referral": enumeration(DisputeReferral.allCases.map(\.rawValue)),
                                "risk": enumeration(DisputeRisk.allCases.map(\.rawValue)),
                            ], required: ["action"]),
                        ok: ref("Dispute"), errors: ["400", "403", "404", "409", "413", "415", "422"])
                ],
            ]
        },
        schemas: {
            [
                "Dispute": ["type": "object", "required": ["county", "id", "number", "state", "risk"]],
                "DisputeFigures": object([
                    "registered": integer, "screened": integer, "accepted": integer, "mediated": integer,
                    "agreed": integer, "repeats": integer, "success_rate": ["type": ["number", "null"]],
                    "mean_days_to_agreement": ["type": ["number", "null"]],
                ]),
            ]
        })
}

import GridCore

extension OpenAPI {
    /// `/healthz` and `/metrics`.
    static let health = OpenAPIFragment(
        paths: {
            [
                "/healthz": [
                    "get": operation(
                        "health", "Health: 200 when the store answers", security: .none,
                        ok: [
                            "type": "object", "required": ["status"], "additionalProperties": false,
                            "properties": ["status": ["const": "ok"]],
                        ], errors: ["503"])
                ],
                "/metrics": [
                    "get": operation(
                        "metrics", "Prometheus metrics", security: .none,
                        responses: [
                            "200": ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]
                        ])
                ],
            ]
        })
}

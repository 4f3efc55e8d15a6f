import GridCore

extension OpenAPI {
    /// Sessions: log in, who am I, log out.
    static let accounts = OpenAPIFragment(
        paths: {
            [
                "/api/v1/session": [
                    "post": operation(
                        "logIn", "Log in: a bearer token, a CSRF token and the session cookie", security: .none,
                        body: ref("LogIn"), ok: ref("Session"), errors: ["400", "403", "413", "415", "429"]),
                    "get": operation("whoAmI", "Who is logged in", ok: ref("SessionInfo")),
                    "delete": operation(
                        "logOut", "Log out", responses: ["204": ["description": "Logged out"]], errors: ["403"]),
                ]
            ]
        },
        schemas: {
            let user = object([
                "username": string, "display_name": nullableString, "role": enumeration(Role.allCases.map(\.rawValue)),
                "scope": [
                    "oneOf": [
                        object(["kind": ["const": "territory"]]),
                        object(["kind": ["const": "region"], "region_code": string]),
                        object(["kind": ["const": "department"], "department_code": string]),
                    ]
                ],
            ])
            return [
                "LogIn": object([
                    "username": ["type": "string", "minLength": 1], "password": ["type": "string", "minLength": 1],
                ]),
                "User": user,
                "Session": object(["token": string, "csrf_token": string, "expires_at": time, "user": ref("User")]),
                "SessionInfo": object(["user": ref("User"), "csrf_token": nullableString]),
            ]
        })
}

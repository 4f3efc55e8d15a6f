extension ServerFeature {
    /// Sessions, the login page, accounts and API tokens.
    static let accounts = ServerFeature(
        name: "accounts",
        routes: { router, environment in
            let (store, renderer, secure) = (
                environment.store, environment.renderer, environment.configuration.secureCookies
            )
            SessionRoutes(store: store, throttle: environment.loginThrottle, secureCookies: secure).register(on: router)
            LoginPages(store: store, throttle: environment.loginThrottle, renderer: renderer, secureCookies: secure)
                .register(on: router)
            AccountPages(store: store, renderer: renderer).register(on: router)
            TokenPages(store: store, renderer: renderer).register(on: router)
        },
        openAPI: OpenAPI.accounts,
        administration: [
            AdministrationSection(
                path: "/admin/accounts", id: "accounts", titleKey: "accounts_title", introKey: "accounts_intro"),
            AdministrationSection(
                path: "/admin/tokens", id: "tokens", titleKey: "tokens_title", introKey: "tokens_intro"),
        ],
        strings: ["accounts.tsv", "accounts-reasons.tsv"])
}

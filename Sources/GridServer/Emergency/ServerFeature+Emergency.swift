extension ServerFeature {
    /// Emergency mode (平战转换): regions switched into an emergency level and back, shown on every
    /// page of the people it concerns.
    static let emergency = ServerFeature(
        name: "emergency",
        routes: { router, environment in
            EmergencyPages(store: environment.store, renderer: environment.renderer).register(on: router)
            CampaignPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.emergency,
        middleware: { router, environment in router.add(middleware: EmergencyNoticeMiddleware(store: environment.store))
        },
        navigation: [
            NavigationLink(path: "/center/emergency", labelKey: "nav_emergency", roles: [.admin, .centre, .leader]),
            NavigationLink(
                path: "/center/campaigns", labelKey: "nav_campaigns",
                roles: [.admin, .centre, .leader, .station, .auditor]),
            NavigationLink(path: "/m/campaigns", labelKey: "nav_campaigns", roles: [.worker, .gridleader]),
        ],
        strings: ["emergency.tsv", "emergency-reasons.tsv"],
        assets: ["campaign-form.js"])
}

extension ServerFeature {
    /// Field work (走访 …): a grid worker's due visits and the visit form on the phone, the API.
    static let fieldWork = ServerFeature(
        name: "field work",
        routes: { router, environment in
            VisitRoutes().register(on: router, store: environment.store)
            PatrolRoutes().register(on: router, store: environment.store)
            PatrolPages(store: environment.store, renderer: environment.renderer).register(on: router)
            VisitPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.fieldWork,
        navigation: [
            NavigationLink(path: "/m/visits", labelKey: "nav_visits", roles: [.worker, .gridleader, .station]),
            NavigationLink(path: "/m/patrol", labelKey: "nav_patrol", roles: [.worker, .gridleader]),
            NavigationLink(path: "/center/field", labelKey: "nav_field", roles: [.centre, .leader, .station]),
        ],
        strings: ["fieldwork.tsv", "fieldwork-reasons.tsv"],
        assets: ["visits.js", "offline-queue.js", "patrol.js"])
}

extension ServerFeature {
    /// Field work: visits (走访), patrols and attendance (巡查, 考勤), inspections (安全隐患排查) on the
    /// phone, what the command centre sees of them, and their API.
    static let fieldWork = ServerFeature(
        name: "field work",
        routes: { router, environment in
            VisitRoutes().register(on: router, store: environment.store)
            PatrolRoutes().register(on: router, store: environment.store)
            InspectionRoutes().register(on: router, store: environment.store)
            InspectionPages(store: environment.store, renderer: environment.renderer).register(on: router)
            WorkLogPages(store: environment.store, renderer: environment.renderer).register(on: router)
            PatrolPages(store: environment.store, renderer: environment.renderer).register(on: router)
            VisitPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.fieldWork,
        navigation: [
            NavigationLink(path: "/m/visits", labelKey: "nav_visits", roles: [.worker, .gridleader, .station]),
            NavigationLink(path: "/m/patrol", labelKey: "nav_patrol", roles: [.worker, .gridleader]),
            NavigationLink(path: "/m/logs", labelKey: "nav_logs", roles: [.gridleader, .station]),
            NavigationLink(path: "/center/field", labelKey: "nav_field", roles: [.centre, .leader, .station]),
        ],
        administration: [
            AdministrationSection(
                path: "/admin/checklists", id: "checklists", titleKey: "checklists_title",
                introKey: "checklists_intro_short")
        ],
        strings: ["fieldwork.tsv", "fieldwork-reasons.tsv"],
        assets: ["visits.js", "offline-queue.js", "patrol.js"])
}

extension ServerFeature {
    /// Decision support (决策辅助): assessments with their rankings, charts and reports.
    static let decisionSupport = ServerFeature(
        name: "decision support",
        routes: { router, environment in
            AssessmentRoutes().register(on: router, store: environment.store)
            AssessmentPages(store: environment.store, renderer: environment.renderer).register(on: router)
            HotspotPages(store: environment.store, renderer: environment.renderer).register(on: router)
            WarningPages(store: environment.store, renderer: environment.renderer).register(on: router)
            ReminderPages(store: environment.store, renderer: environment.renderer).register(on: router)
            WallPage(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.decisionSupport,
        services: { environment in [WarningService.make(store: environment.store, logger: environment.logger)] },
        navigation: [
            NavigationLink(
                path: "/reminders", labelKey: "nav_reminders",
                roles: [.admin, .centre, .leader, .station, .gridleader, .worker, .dept]),
            NavigationLink(
                path: "/center/assessment", labelKey: "nav_assessment",
                roles: [.admin, .centre, .leader, .station, .gridleader, .auditor, .dept]),
            NavigationLink(
                path: "/center/hotspots", labelKey: "nav_hotspots", roles: [.centre, .leader, .station, .auditor]),
            NavigationLink(path: "/center/wall", labelKey: "nav_wall", roles: [.centre, .leader]),
            NavigationLink(
                path: "/center/warnings", labelKey: "nav_warnings",
                roles: [.admin, .centre, .leader, .station, .gridleader, .auditor]),
        ],
        administration: [
            AdministrationSection(
                path: "/admin/assessment", id: "assessment", titleKey: "assessment_weights_title",
                introKey: "assessment_weights_short")
        ],
        strings: ["decision.tsv", "decision-reasons.tsv"],
        assets: ["warnings.js", "wall.js"])
}

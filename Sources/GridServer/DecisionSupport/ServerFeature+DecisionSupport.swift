extension ServerFeature {
    /// Decision support (决策辅助): assessments with their rankings, charts and reports.
    static let decisionSupport = ServerFeature(
        name: "decision support",
        routes: { router, environment in
            AssessmentRoutes().register(on: router, store: environment.store)
            AssessmentPages(store: environment.store, renderer: environment.renderer).register(on: router)
            HotspotPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.decisionSupport,
        navigation: [
            NavigationLink(
                path: "/center/assessment", labelKey: "nav_assessment",
                roles: [.admin, .centre, .leader, .station, .gridleader, .auditor, .dept]),
            NavigationLink(
                path: "/center/hotspots", labelKey: "nav_hotspots", roles: [.centre, .leader, .station, .auditor]),
        ],
        administration: [
            AdministrationSection(
                path: "/admin/assessment", id: "assessment", titleKey: "assessment_weights_title",
                introKey: "assessment_weights_short")
        ],
        strings: ["decision.tsv", "decision-reasons.tsv"])
}

extension ServerFeature {
    /// Dispute screening and mediation (矛盾纠纷排查化解).
    static let disputes = ServerFeature(
        name: "disputes",
        routes: { router, environment in
            DisputePages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.disputes,
        navigation: [
            NavigationLink(
                path: "/disputes", labelKey: "nav_disputes",
                roles: [.admin, .centre, .leader, .station, .gridleader, .worker])
        ],
        assessment: [DisputePages.mediationRecord],
        strings: ["disputes.tsv", "disputes-reasons.tsv"])
}

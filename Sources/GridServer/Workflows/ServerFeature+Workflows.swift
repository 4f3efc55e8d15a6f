extension ServerFeature {
    /// The workflows' tables for administrators.
    static let workflows = ServerFeature(
        name: "workflows",
        routes: { router, environment in
            WorkflowPages(renderer: environment.renderer).register(on: router)
        },
        administration: [
            AdministrationSection(
                path: "/admin/workflows", id: "workflows", titleKey: "workflows_title", introKey: "workflows_intro")
        ],
        strings: ["workflows.tsv"])
}

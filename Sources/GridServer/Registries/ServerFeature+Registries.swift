extension ServerFeature {
    /// The base-data registries (标准地址, 实有人口; houses and organisations to come): imports on
    /// the administration pages, a grid worker's people of their grid.
    static let registries = ServerFeature(
        name: "registries",
        routes: { router, environment in
            RegistryPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        navigation: [
            NavigationLink(path: "/m/people", labelKey: "nav_people", roles: [.worker, .gridleader, .station])
        ],
        administration: [
            AdministrationSection(
                path: "/admin/registries", id: "registries", titleKey: "registries_title", introKey: "registries_intro")
        ],
        strings: ["registries.tsv", "registries-reasons.tsv"])
}

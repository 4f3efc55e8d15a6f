extension ServerFeature {
    /// The base-data registries (标准地址, 实有人口, 实有房屋, 实有单位, 重点人群): imports on the
    /// administration pages; a grid worker's people, houses, organisations and key people.
    static let registries = ServerFeature(
        name: "registries",
        routes: { router, environment in
            let lookups = PersonLookups(store: environment.store, now: environment.store.now)
            RegistryRoutes(lookups: lookups).register(on: router, store: environment.store)
            RegistryPages(store: environment.store, renderer: environment.renderer, lookups: lookups).register(
                on: router)
            KeyPopulationPages(store: environment.store, renderer: environment.renderer).register(on: router)
            PopulationGroupPages(store: environment.store, renderer: environment.renderer).register(on: router)
            PersonPages(store: environment.store, renderer: environment.renderer, lookups: lookups).register(on: router)
        },
        openAPI: OpenAPI.registries,
        navigation: [
            NavigationLink(path: "/m/people", labelKey: "nav_people", roles: [.worker, .gridleader, .station])
        ],
        administration: [
            AdministrationSection(
                path: "/admin/registries", id: "registries", titleKey: "registries_title", introKey: "registries_intro"),
            AdministrationSection(
                path: "/admin/groups", id: "groups", titleKey: "groups_title", introKey: "groups_intro_short"),
        ],
        strings: ["registries.tsv", "registries-reasons.tsv"])
}

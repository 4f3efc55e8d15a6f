import GridCore

extension ServerFeature {
    /// The region tree, its pages and the boundaries' administration.
    static let regions = ServerFeature(
        name: "regions",
        routes: { router, environment in
            RegionRoutes().register(on: router, store: environment.store)
            RegionPages(store: environment.store, renderer: environment.renderer).register(on: router)
            RegionAdminPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.regions,
        navigation: [
            NavigationLink(
                path: "/regions", labelKey: "nav_regions", roles: Set(Role.allCases).subtracting([.resident]))
        ],
        administration: [
            AdministrationSection(
                path: "/admin/regions", id: "regions", titleKey: "regions_admin_title", introKey: "regions_admin_intro")
        ],
        strings: ["regions.tsv", "regions-reasons.tsv"], assets: ["region-picker.js", "boundary-preview.js"])
}

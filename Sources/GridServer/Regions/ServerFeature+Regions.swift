extension ServerFeature {
    /// The region tree, its pages and the boundaries' administration.
    static let regions = ServerFeature(
        name: "regions",
        routes: { router, environment in
            RegionRoutes().register(on: router, store: environment.store)
            RegionPages(store: environment.store, renderer: environment.renderer).register(on: router)
            RegionAdminPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        openAPI: OpenAPI.regions)
}

extension ServerFeature {
    /// The administration home and the pages' shared scripts.
    static let administration = ServerFeature(
        name: "administration",
        routes: { router, environment in
            AdminPages(store: environment.store, renderer: environment.renderer).register(on: router)
            try PageScripts().register(on: router)
        })
}

extension ServerFeature {
    /// Open311 GeoReport v2, described by its own standard rather than the OpenAPI document.
    static let open311 = ServerFeature(
        name: "open311",
        routes: { router, environment in Open311Routes(store: environment.store).register(on: router) })
}

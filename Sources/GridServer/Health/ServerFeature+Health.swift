extension ServerFeature {
    static let health = ServerFeature(
        name: "health",
        routes: { router, environment in
            HealthRoutes().register(on: router, store: environment.store, metrics: environment.metrics)
        },
        openAPI: OpenAPI.health)
}

extension ServerFeature {
    /// The map component every page draws with, its data and the basemap's tiles.
    static let map = ServerFeature(
        name: "map",
        routes: { router, environment in
            MapRoutes(store: environment.store, basemap: try Basemap(configuration: environment.configuration))
                .register(on: router)
        },
        openAPI: OpenAPI.map,
        strings: ["map.tsv", "map-reasons.tsv"], assets: ["map.js"])
}

extension StoreFeature {
    /// The base-data registries: people (more to come: houses, organisations, key populations).
    static let registries = StoreFeature(name: "registries", migrations: [Migrations.people])
}

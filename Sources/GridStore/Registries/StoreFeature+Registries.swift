extension StoreFeature {
    /// The base-data registries: people, houses and organisations (key populations to come).
    static let registries = StoreFeature(
        name: "registries", migrations: [Migrations.people, Migrations.housesAndOrganisations])
}

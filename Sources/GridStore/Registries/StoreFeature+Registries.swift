extension StoreFeature {
    /// The base-data registries: people, houses, organisations and key populations.
    static let registries = StoreFeature(
        name: "registries",
        migrations: [
            Migrations.people, Migrations.housesAndOrganisations, Migrations.keyPopulations,
            Migrations.peopleByIndexAlone, Migrations.personProfiles,
        ])
}

extension StoreFeature {
    /// Emergency mode (平战转换) and, built on it, screening campaigns.
    static let emergency = StoreFeature(name: "emergency", migrations: [Migrations.emergencies, Migrations.campaigns])
}

extension StoreFeature {
    static let accounts = StoreFeature(
        name: "accounts", migrations: [Migrations.disabledAccounts, Migrations.revokedTokens, Migrations.usersByRegion])
}

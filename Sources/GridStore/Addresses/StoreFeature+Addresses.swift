extension StoreFeature {
    /// Standard addresses: the tree below the grids that free-text addresses are matched to.
    static let addresses = StoreFeature(name: "addresses", migrations: [Migrations.addresses])
}

extension StoreFeature {
    static let calendar = StoreFeature(name: "calendar", migrations: [Migrations.calendar])
}

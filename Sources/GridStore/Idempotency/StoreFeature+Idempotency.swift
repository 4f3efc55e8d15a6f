extension StoreFeature {
    /// Requests sent again after a lost answer (a phone that lost its signal) are answered once.
    static let idempotency = StoreFeature(name: "idempotency", migrations: [Migrations.idempotency])
}

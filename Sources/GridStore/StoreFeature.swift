/// One feature's part of the store, as start-up walks it: its schema migrations, kept in the
/// feature's folder (`Cases/Migrations/`, …).
public struct StoreFeature: Sendable {
    public let name: String
    /// In the order they apply (see ``Migrations``).
    public let migrations: [Migration]
}

/// The store's features, in the order their schemas build on one another. A new feature is its
/// folders plus one line here.
public enum StoreFeatures {
    public static let all: [StoreFeature] = [
        .foundation, .accounts, .calendar, .cases, .addresses, .registries, .idempotency, .fieldWork,
        .decisionSupport, .emergency, .disputes,
    ]
}

extension StoreFeature {
    /// The territory, accounts and the journal: the first schema, which every feature builds on.
    static let foundation = StoreFeature(name: "foundation", migrations: [Migrations.territory])
}

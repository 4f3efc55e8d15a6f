extension StoreFeature {
    /// Dispute screening and mediation (矛盾纠纷排查化解).
    static let disputes = StoreFeature(
        name: "disputes", migrations: [Migrations.disputes, Migrations.disputeDeadlines])
}

extension StoreFeature {
    /// Decision support (决策辅助): rollups, assessment, hotspots, warnings.
    static let decisionSupport = StoreFeature(
        name: "decision support", migrations: [Migrations.rollups, Migrations.warnings, Migrations.overdueHandling])
}

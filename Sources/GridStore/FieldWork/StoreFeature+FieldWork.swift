extension StoreFeature {
    /// Field work (走访, and what a grid worker does on their round).
    static let fieldWork = StoreFeature(
        name: "field work",
        migrations: [
            Migrations.visits, Migrations.patrols, Migrations.inspections, Migrations.workLogs,
            Migrations.workerPositionsByCounty,
        ])
}

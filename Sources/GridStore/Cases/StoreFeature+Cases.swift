extension StoreFeature {
    /// `reportIn` (7) comes before `caseIndexes` (6), which indexes its column.
    static let cases = StoreFeature(
        name: "cases",
        migrations: [
            Migrations.cases, Migrations.attachments, Migrations.urging, Migrations.reportIn, Migrations.caseIndexes,
            Migrations.placeCells,
            Migrations.duplicateCheckInMemory, Migrations.dispatchedToUnit, Migrations.dropPlaceCell,
            Migrations.caseSearch, Migrations.openCasesByRegion,
        ])
}

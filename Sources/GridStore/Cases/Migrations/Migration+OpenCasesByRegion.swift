extension Migrations {
    /// The map's case layer and the centre's tallies read a county's open cases among a year of
    /// closed ones: an index of the open ones alone, holding the times the tallies colour them by.
    /// Its condition is ``CaseQueries/openStatesSQL`` word for word, which the queries repeat so
    /// that both engines see the index applies.
    static let openCasesByRegion = Migration(
        version: 21, name: "open cases by region",
        statements: [
            "CREATE INDEX cases_open_by_region ON cases (county_code, region_code, due_at, warn_at)"
                + " WHERE state IN (\(CaseQueries.openStatesSQL))"
        ])
}

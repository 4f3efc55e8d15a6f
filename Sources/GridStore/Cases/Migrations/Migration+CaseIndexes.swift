extension Migrations {
    /// Indexes for a county with a year of cases behind it (a million rows: `gridgov bench
    /// seed-cases`), where the first ones made every queue page and time-limit sweep read the whole
    /// table. Version 6 was set aside for this while 5 was taken elsewhere; versions are keys, not a count.
    static let caseIndexes = Migration(
        version: 6, name: "case indexes for a million cases",
        statements: [
            // Queue pages newest first over a township or a county: walked by time, stopped after a page.
            "CREATE INDEX cases_by_time ON cases (county_code, reported_at, id, region_code)",
            // A grid's queue and counts over a subtree. Leading with the county lets it beat the county-only
            // indexes for queries that name both; the old (region_code, reported_at) index lost to them.
            "CREATE INDEX cases_by_county_region ON cases (county_code, region_code, reported_at)",
            "DROP INDEX cases_by_region",
            // Duplicates: a band of latitude within a category, with the report time in the index so the
            // last 72 hours are picked out of the band without reading rows (a time-first index reads
            // every recent report of the category, which is all of them at an intake peak).
            "DROP INDEX cases_by_place",
            "CREATE INDEX cases_by_place ON cases (county_code, category, lat, reported_at, lng)",
            // The minute sweeps (urging, supervision, late report-in) look at open clocks only, across counties.
            "CREATE INDEX cases_due_open ON cases (due_at) WHERE step IS NOT NULL",
            "CREATE INDEX cases_warn_open ON cases (warn_at) WHERE step IS NOT NULL",
            "CREATE INDEX cases_report_in_due ON cases (report_in_due) WHERE report_in_due IS NOT NULL",
        ])
}

extension Migrations {
    /// 结案率 counts the cases overdue in the handling step now, for an area and each of its
    /// children: an index of the handling step's cases by due time finds the overdue ones without
    /// reading the open cases of every other step.
    static let overdueHandling = Migration(
        version: 35, name: "cases in the handling step by due time",
        statements: [
            "CREATE INDEX cases_handling_by_due ON cases (county_code, due_at, region_code)"
                + " WHERE state IN ('dispatched', 'handling')"
        ])
}

extension Migrations {
    /// On SQLite the duplicate check reads open cases from memory (``OpenCaseIndex``), so the index
    /// its query used is only cost there: its random insert positions dirtied a page per case at
    /// every group commit (measured: HTTP intake about 12 % faster without it). PostgreSQL keeps it.
    static let duplicateCheckInMemory = Migration(version: 12, name: "SQLite's duplicate check reads memory",
                                                  statements: ["DROP INDEX cases_by_place"], dialects: [.sqlite])
}

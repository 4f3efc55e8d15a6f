extension Migrations {
    /// The duplicate check reads open cases from memory (``OpenCaseIndex``), so the index its query
    /// used is only cost now: its random insert positions dirtied a page per case at every group
    /// commit (measured on SQLite: HTTP intake about 12 % faster without it). The `place_cell`
    /// column stays, unwritten, until no server of an older version can share the database: those
    /// still insert it.
    static let duplicateCheckInMemory = Migration(version: 12, name: "the duplicate check reads memory",
                                                  statements: ["DROP INDEX cases_by_place"])
}

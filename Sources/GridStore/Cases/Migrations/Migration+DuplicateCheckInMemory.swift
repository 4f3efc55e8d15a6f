extension Migrations {
    /// The duplicate check reads open cases from memory (``OpenCaseIndex``), so the index its query
    /// used is only cost now: its random insert positions dirtied a page per case at every group
    /// commit. Its `place_cell` column went later (``Migrations/dropPlaceCell``).
    static let duplicateCheckInMemory = Migration(
        version: 12, name: "the duplicate check reads memory",
        statements: ["DROP INDEX cases_by_place"])
}

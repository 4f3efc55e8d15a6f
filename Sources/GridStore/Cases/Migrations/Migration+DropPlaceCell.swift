extension Migrations {
    /// `place_cell` served the duplicate check's query, which now reads memory
    /// (``Migrations/duplicateCheckInMemory`` dropped its index); every server of this version
    /// leaves it unwritten.
    static let dropPlaceCell = Migration(
        version: 18, name: "cases lose the unused place cell",
        statements: [
            "ALTER TABLE cases DROP COLUMN place_cell"
        ])
}

extension Migrations {
    /// Whether a grid has a worker able to verify its cases (``CaseQueries/gridHasWorker(_:on:)``)
    /// is asked of the accounts by region; a province holds hundreds of thousands of them.
    static let usersByRegion = Migration(
        version: 20, name: "accounts by region and role",
        statements: ["CREATE INDEX users_by_region ON users (region_code, role)"])
}

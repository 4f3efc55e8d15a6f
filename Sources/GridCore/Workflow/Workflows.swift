/// A workflow declared with the engine, as people look it up: by name on the command line
/// (`gridgov workflow show cases`) and on `/admin/workflows`.
public struct WorkflowListing: Sendable {
    /// The name the command line takes (`cases`).
    public let name: String
    /// What people call it (`案件办理`).
    public let title: @Sendable (WorkflowLanguage) -> String
    /// Its table in words.
    public let described: @Sendable (WorkflowLanguage) -> [WorkflowStateText]

    public init<Kind: WorkflowKind>(
        name: String, title: @escaping @Sendable (WorkflowLanguage) -> String, table: WorkflowTable<Kind>
    ) {
        self.name = name
        self.title = title
        self.described = { table.described(in: $0) }
    }

    /// Its table as text (`gridgov workflow show`).
    public func rendered(in language: WorkflowLanguage) -> String {
        WorkflowTableWords.rendered(described(language), in: language)
    }
}

/// Every workflow declared with the engine; disputes, proposals and campaigns join here.
public enum Workflows {
    public static let all: [WorkflowListing] = [
        WorkflowListing(
            name: "cases", title: { $0 == .zh ? "案件办理" : "Case handling" }, table: CaseWorkflow.table),
        WorkflowListing(
            name: "disputes", title: { $0 == .zh ? "矛盾纠纷调解" : "Dispute mediation" }, table: DisputeWorkflow.table),
    ]

    public static func named(_ name: String) -> WorkflowListing? {
        all.first { $0.name == name }
    }
}

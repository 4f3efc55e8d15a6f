import ArgumentParser

/// The command line: serve, build a demo, import, manage accounts, verify the journal, back up and restore, benchmark,
/// show the workflows.
@main
struct GridGovCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridgov",
        abstract: "GridGov — grid-based social governance platform (网格化社会治理平台).",
        subcommands: [
            ServeCommand.self, DemoCommand.self, ImportCommand.self, UserCommand.self, TokenCommand.self,
            AuditCommand.self, BackupCommand.self, RestoreCommand.self, BenchCommand.self, WorkflowCommand.self,
            ProtectionCommand.self, AnalyzeCommand.self, RollupsCommand.self, DatabaseCommand.self,
        ]
    )
}

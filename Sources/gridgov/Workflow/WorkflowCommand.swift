import ArgumentParser
import GridCore

/// `gridgov workflow show cases --lang zh`: prints a workflow's table for domain experts.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflow", abstract: "Show the workflows' tables.",
                                                    subcommands: [Show.self])

    /// The workflows declared with the engine (disputes, proposals, … join here).
    enum Name: String, ExpressibleByArgument, CaseIterable {
        /// 案件办理
        case cases
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a workflow: per state, each action, who may take it, on what condition, and the state after.")

        @Argument(help: "The workflow: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
        var workflow: Name

        @Option(help: "zh (中文) or en.")
        var lang: WorkflowLanguage = .zh

        func run() async throws {
            switch workflow {
            case .cases: print(CaseWorkflow.table.rendered(in: lang), terminator: "")
            }
        }
    }
}

extension WorkflowLanguage: ExpressibleByArgument {}

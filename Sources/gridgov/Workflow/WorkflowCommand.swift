import ArgumentParser
import GridCore

/// `gridgov workflow show cases --lang zh`: prints a workflow's table for domain experts.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Show the workflows' tables.",
        subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "Print a workflow: per state, each action, who may take it, on what condition, and the state after.")

        @Argument(help: "The workflow: \(Workflows.all.map(\.name).joined(separator: ", ")).")
        var workflow: String

        @Option(help: "zh (中文) or en.")
        var lang: WorkflowLanguage = .zh

        func validate() throws {
            guard Workflows.named(workflow) != nil else {
                throw ValidationError(
                    "no workflow '\(workflow)': choose one of \(Workflows.all.map(\.name).joined(separator: ", "))")
            }
        }

        func run() async throws {
            guard let listing = Workflows.named(workflow) else { return }
            print(listing.rendered(in: lang), terminator: "")
        }
    }
}

extension WorkflowLanguage: ExpressibleByArgument {}

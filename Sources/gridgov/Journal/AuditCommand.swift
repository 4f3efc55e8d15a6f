import ArgumentParser
import GridCore
import GridStore

/// `gridgov audit verify`: walks every journal chain; exits non-zero naming the first bad entry.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the journal.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Verify every journal chain.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try await self.store.openStore()
            do {
                let report = try await Journal.verify(store.database)
                try await store.close()
                print("journal whole: \(report.chains) chains, \(report.entries) entries")
            } catch let broken as JournalBreak {
                try? await store.close()
                printError("journal BROKEN at \(broken)")
                throw ExitCode(1)
            }
        }
    }
}

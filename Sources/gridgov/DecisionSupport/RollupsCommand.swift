import ArgumentParser
import GridCore
import GridStore

/// `gridgov rollups rebuild [--check] [--county C]`: recomputes the decision-support counters from
/// the cases and their history. With `--check` it changes nothing and exits non-zero when a live
/// counter differs from the rebuild, naming the first ones.
struct RollupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollups", abstract: "The decision-support counters.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Recompute the counters from the cases' history (writers wait meanwhile); --check only compares.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Compare the live counters with a rebuild and change nothing; exit 1 when they differ.")
        var check = false
        @Option(help: "Only this county (six digits).") var county: String?

        func run() async throws {
            if let county, county.count != 6 || !county.allSatisfy(\.isASCIIDigit) {
                throw ValidationError("--county must be a county's six digits, not '\(county)'")
            }
            let store = try await self.store.openStore()
            let result: RollupRebuild
            do { result = try await store.rebuildRollups(county: county, checkOnly: check) } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
            let summary = "\(result.counties) counties, \(result.steps) counted steps, \(result.counters) counters"
            if check {
                guard result.differences.isEmpty else {
                    printError("rollups DIFFER from the history in \(result.differences.count) counters (\(summary)):")
                    for difference in result.differences.prefix(20) { printError("  \(difference)") }
                    throw ExitCode(1)
                }
                print("rollups equal a rebuild: \(summary)")
            } else {
                print("rollups rebuilt: \(summary); \(result.differences.count) counters were wrong")
            }
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

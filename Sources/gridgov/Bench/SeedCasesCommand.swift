import ArgumentParser
import Foundation
import GridCore
@_spi(Seeding) import GridStore

extension BenchCommand {
    /// `gridgov bench seed-cases`: fills a demo store with a year of past cases, so the case
    /// benchmarks measure a store of the size a county reaches, not an empty one.
    ///
    /// The cases spread over the county's grids (some grids much busier than others), its
    /// categories and channels, and the past 365 days (most in daytime, Beijing time). Older cases
    /// are almost all closed and rated; the last fortnight's are increasingly still open, at every
    /// step of the workflow, with the step's clock running on the working calendar, and with the
    /// urging and supervision a running server would already have raised. They go in through
    /// ``GridStore/seedCases(_:by:)``, which bypasses the workflow and per-case journal on purpose
    /// (bench data) and writes one journal entry per batch. Prints one JSON line.
    struct SeedCases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-cases",
            abstract: "Fill a demo store with a year of past cases (bench data).")
        @OptionGroup var store: StoreOptions
        @Option var count = 1_000_000
        @Option(help: "The county whose grids receive the cases.")
        var county = "330106"
        @Option(help: "Cases written per transaction.")
        var batch = 20_000
        @Option var seed: UInt64 = 20_261_122
        @Flag(
            inversion: .prefixedNo,
            help: "Write each case's steps to its history too (without: they are only counted in the rollups).")
        var stepHistory = true

        func run() async throws {
            guard count > 0, batch > 0 else { throw ValidationError("--count and --batch must be positive") }
            let store = try await self.store.openStore()
            defer { Task { try? await store.close() } }
            let system = Caller.system("bench")
            var generator = try await SeedCaseGenerator(store: store, county: try RegionCode(county), seed: seed)
            let start = Date()
            var written = 0
            while written < count {
                let size = min(batch, count - written)
                _ = try await store.seedCases(
                    (written..<written + size).map { generator.make($0, of: count) }, by: system,
                    stepHistory: stepHistory)
                written += size
            }
            let seconds = Date().timeIntervalSince(start)
            print(#"{"cases":\#(written),"seconds":\#(seconds),"cases_per_s":\#(Double(written) / seconds)}"#)
            try await store.close()
        }
    }
}

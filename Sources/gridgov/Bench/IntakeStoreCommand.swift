import ArgumentParser
import Foundation
import GridCore
@_spi(Seeding) import GridStore

extension BenchCommand {
    /// `gridgov bench intake-store`: case intake straight into the store, without HTTP — `clients`
    /// concurrent reporters each calling ``ScopedStore/report(_:)`` like the API handler does. Beside
    /// the HTTP intake figure it shows how much of the cost is the store's (group commit, SQL,
    /// journal, durable commit) and how much is the server's. Prints one JSON line.
    struct IntakeStore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "intake-store",
            abstract: "Case intake into the store alone, at many concurrent reporters.")
        @OptionGroup var store: StoreOptions
        @Option var cases = 20_000
        @Option var clients = 64
        @Option(help: "The county whose integration token reports (its grids receive the cases).")
        var county = "330106"
        @Option var seed: UInt64 = 1
        @Flag(help: "Do not count the reports in the decision-support rollups (to measure what counting costs).")
        var withoutRollups = false

        func run() async throws {
            guard cases > 0, clients > 0 else { throw ValidationError("--cases and --clients must be positive") }
            let store = try await self.store.openStore()
            store.warmUpLocator()
            store.countsIntake = !withoutRollups
            let scope = AccessScope.region(try RegionCode(county))
            let reporter = store.scoped(to: Caller(actor: "token:bench", role: .integration, scope: scope))
            // The points of the HTTP benchmark's wrk script: the demo county's extent.
            var random = SeededGenerator(seed: seed)
            let points = (0..<cases).map { _ in
                GeoPoint(
                    lat: 30.171 + Double.random(in: 0..<0.148, using: &random),
                    lng: 120.021 + Double.random(in: 0..<0.148, using: &random))
            }
            let start = Date()
            let written = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var count = 0
                        for index in stride(from: client, to: points.count, by: clients) {
                            let report = CaseReport(
                                category: "HJ01", description: "bench \(index)", location: points[index],
                                channel: .integration)
                            do {
                                _ = try await reporter.report(report)
                                count += 1
                            } catch StoreError.invalid(field: "location", _) { continue }
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            let seconds = Date().timeIntervalSince(start)
            let batches = await store.intakeWriter.batchesCommitted
            print(
                #"{"cases":\#(written),"seconds":\#(seconds),"cases_per_s":\#(Double(written) / seconds),"#
                    + #""mean_batch":\#(Double(written) / Double(max(batches, 1)))}"#)
            try await store.close()
        }
    }
}

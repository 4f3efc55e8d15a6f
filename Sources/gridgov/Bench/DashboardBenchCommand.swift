import ArgumentParser
import Foundation
import GridCore
import GridStore

extension BenchCommand {
    /// `gridgov bench dashboard`: a county centre's 研判考评 for the current month, read `reads`
    /// times in the store (no HTTP) — every indicator, each post's score, the townships and
    /// departments ranked against the month before, the daily trend — on whatever the store holds
    /// (`gridgov bench seed-cases` first). Prints one JSON line with p50 and p99.
    struct Dashboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dashboard")
        @OptionGroup var store: StoreOptions
        @Option var county = "330106"
        @Option var reads = 200

        func run() async throws {
            guard reads > 0 else { throw ValidationError("--reads must be positive") }
            let gridStore = try await store.openStore()
            let code = try RegionCode(county)
            let centre = gridStore.scoped(to: Caller(actor: "bench-centre", role: .centre, scope: .region(code)))
            let period = AssessmentPeriod.monthToDate(WorkingCalendar.local(gridStore.now.now).0)
            let (rollups, cases) = try await gridStore.database.read { db in
                (
                    try db.queryOne("SELECT COUNT(*) FROM case_rollups", [])?.integer(0) ?? 0,
                    try db.queryOne("SELECT COUNT(*) FROM cases", [])?.integer(0) ?? 0
                )
            }
            var samples: [Double] = []
            var reported = 0
            for _ in 0..<reads {
                let start = Date()
                let assessment = try await centre.assessment(of: code, period: period)
                samples.append(Date().timeIntervalSince(start) * 1000)
                reported = assessment.area.inputs.flow.count("report")
            }
            samples.sort()
            print(
                #"{"cases":\#(cases),"rollup_rows":\#(rollups),"month_reports":\#(reported),"#
                    + #""p50_ms":\#(BenchCommand.percentile(samples, 50)),"p99_ms":\#(BenchCommand.percentile(samples, 99))}"#
            )
            try await gridStore.close()
        }
    }
}

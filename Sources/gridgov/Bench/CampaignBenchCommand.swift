import ArgumentParser
import Foundation
import GridCore
import GridStore

extension BenchCommand {
    /// A screening campaign in the store (no HTTP), on the demo county in `--data`: `households`
    /// houses spread over its grids; the time to start a campaign over the county; coverage read
    /// `reads` times at the county and at a grid (p50, p99); then `workers` grid workers, each in
    /// a grid of their own, recording `results` households each at once (results per second).
    struct CampaignBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "campaign")
        @Option var households = 300_000
        @Option var reads = 200
        @Option var workers = 64
        @Option var results = 50
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let gridStore = try await store.openStore()
            let county = try RegionCode("330106")
            let grids = try await gridStore.database.read { db in
                try db.query(
                    "SELECT code FROM regions WHERE county_code = ? AND LENGTH(code) = 15 ORDER BY code",
                    [.text(county.countyCode)]
                ).map { try RegionCode(checking: try $0.text(0)) }
            }
            guard grids.count >= workers else {
                throw ValidationError("the store has too few grids: run gridgov demo first")
            }
            // Houses straight into the table (the import's cost is another benchmark's).
            let now = gridStore.now.epochMilliseconds
            let total = households
            try await gridStore.database.write { db in
                for start in stride(from: 0, to: total, by: 500) {
                    let rows = start..<min(start + 500, total)
                    var arguments: [SQLValue] = []
                    for index in rows {
                        arguments += [
                            .text(county.countyCode), .text("B\(index)"), .text(grids[index % grids.count].digits),
                            .text("10"), .integer(now),
                        ]
                    }
                    try db.execute(
                        "INSERT INTO houses (county_code, address_code, grid_code, use_code, updated_at) VALUES "
                            + rows.map { _ in "(?, ?, ?, ?, ?)" }.joined(separator: ", "), arguments)
                }
            }
            let centre = gridStore.scoped(to: Caller(actor: "bench-centre", role: .centre, scope: .region(county)))
            let definition = CampaignDefinition(
                title: "基准排查", kind: "bench",
                questionnaire: Questionnaire(questions: [
                    .init(key: "at_home", label: "是否有人在家", type: .choice, options: ["是", "否"], required: true),
                    .init(key: "risk", label: "险情", type: .choice, options: ["无", "开裂", "倒塌危险"], required: true),
                ]),
                rules: [
                    CampaignRule(when: [AnswerCondition(field: "risk", equals: ["开裂"])], status: .orange, reason: "开裂")
                ])
            let begun = Date()
            let campaign = try await centre.startCampaign(definition, over: county)
            let startSeconds = Date().timeIntervalSince(begun)

            func timings(_ area: RegionCode) async throws -> (Double, Double) {
                var samples: [Double] = []
                for _ in 0..<reads {
                    let read = Date()
                    _ = try await centre.campaignCoverage(campaign, of: area)
                    samples.append(Date().timeIntervalSince(read) * 1000)
                }
                samples.sort()
                return (BenchCommand.percentile(samples, 50), BenchCommand.percentile(samples, 99))
            }
            let (countyP50, countyP99) = try await timings(county)
            let (gridP50, gridP99) = try await timings(grids[0])

            // Each worker's first `results` households of their grid.
            var work: [(ScopedStore, [CampaignTask])] = []
            for index in 0..<workers {
                let grid = grids[index * (grids.count / workers)]
                let worker = gridStore.scoped(
                    to: Caller(actor: "bench-worker-\(index)", role: .worker, scope: .region(grid)))
                work.append((worker, Array(try await worker.campaignTasks(campaign, inGrid: grid).prefix(results))))
            }
            let recording = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (worker, tasks) in work {
                    group.addTask {
                        for (index, task) in tasks.enumerated() {
                            _ = try await worker.recordCampaignResult(
                                campaign, county: task.county, key: task.key,
                                answers: ["at_home": index % 3 == 0 ? "否" : "是", "risk": index % 10 == 0 ? "开裂" : "无"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let recordSeconds = Date().timeIntervalSince(recording)
            let recorded = work.reduce(0) { $0 + $1.1.count }
            let visited = try await centre.campaignCoverage(campaign).area.visited
            try await gridStore.close()
            guard visited == recorded else {
                throw ValidationError("recorded \(recorded) results but counted \(visited)")
            }
            print(
                #"{"households":\#(campaign.tasks),"grids":\#(grids.count),"start_s":\#(startSeconds),"#
                    + #""county_p50_ms":\#(countyP50),"county_p99_ms":\#(countyP99),"#
                    + #""grid_p50_ms":\#(gridP50),"grid_p99_ms":\#(gridP99),"#
                    + #""results":\#(recorded),"results_per_s":\#(Double(recorded) / recordSeconds)}"#)
        }
    }
}

import Foundation
import GridCore

extension GridStore {
    /// Bench and demo data: writes past cases as they stand today (a rated case already rated, an open one
    /// waiting at its step) with their first history row, in one transaction, numbered in their
    /// county and day's sequence through the same counters as intake, so later reports never
    /// collide with them. Returns the cases with their numbers.
    ///
    /// This bypasses the workflow and the per-case journal on purpose: it exists so benchmarks can
    /// measure a store of realistic size (`gridgov bench seed-cases`) and a newcomer's demo has a
    /// year behind it (`gridgov demo`), and a million journal
    /// entries would only measure hashing. Like the divisions import, each call writes one journal
    /// entry per county instead, naming how many cases it added and the SHA-256 of their numbers,
    /// so `gridgov audit verify` still accounts for every write. Outside the store's public API:
    /// only the bench and demo commands and their tests import it (`@_spi(Seeding) import GridStore`).
    @_spi(Seeding) public func seedCases(_ cases: [CaseRecord], by caller: Caller) async throws -> [CaseRecord] {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("seeding cases (needs a territory-wide admin)")
        }
        let at = now.epochMilliseconds
        return try await database.write { db in
            var numbered = cases.sorted { ($0.reportedAtMilliseconds, $0.id) < ($1.reportedAtMilliseconds, $1.id) }
            var byDay: [String: [Int]] = [:]
            for (index, record) in numbered.enumerated() {
                let (day, _) = WorkingCalendar.local(Date(epochMilliseconds: record.reportedAtMilliseconds))
                byDay[record.countyCode + "|" + day.description, default: []].append(index)
            }
            for indices in byDay.values {
                guard let first = indices.first else { continue }
                let county = numbered[first].countyCode
                let (day, _) = WorkingCalendar.local(Date(epochMilliseconds: numbered[first].reportedAtMilliseconds))
                let start = try CaseQueries.reserveNumbers(county: county, day: day, count: indices.count, on: db)
                for (offset, index) in indices.enumerated() {
                    numbered[index].number = CaseNumber.make(county: county, day: day, sequence: start + offset)
                }
            }
            for record in numbered {
                try CaseQueries.insert(record, trackingHash: nil, on: db)
                var reported = record
                reported.state = .reported
                try CaseQueries.appendHistory(
                    reported, actor: record.reporter ?? ScopedStore.anonymousActor, action: "report", from: nil,
                    note: nil, data: ["channel": .string(record.channel.rawValue), "likely_duplicates": []],
                    measure: CaseMeasure("report"), at: record.reportedAtMilliseconds, on: db)
            }
            for (county, group) in Dictionary(grouping: numbered, by: \.countyCode).sorted(by: { $0.key < $1.key }) {
                let numbers = group.map(\.number)
                try Journal.append(
                    JournalChange(
                        chain: county, actor: caller.actor, action: "case.seed", entity: "cases",
                        entityID: "\(numbers.first ?? "")…\(numbers.last ?? "")",
                        after: [
                            "rows": .number(Double(group.count)),
                            "sha256": .string(Journal.sha256Hex(numbers.joined(separator: "\n"))),
                        ]),
                    at: at, on: db)
            }
            return numbered
        }
    }
}

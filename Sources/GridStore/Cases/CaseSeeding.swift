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
    ///
    /// The steps that brought each case to its state (受理, 立案, 派遣 … 评价) are counted in the
    /// decision-support rollups, spread between its report and its last change, about one in ten
    /// late (chosen from the case's id, so a rebuild agrees); `stepHistory` writes them to the
    /// history too, as the demo does. The dashboard bench leaves them out of the history: it reads
    /// only the counters, and ten million cases' steps would only measure the disk.
    @_spi(Seeding) public func seedCases(_ cases: [CaseRecord], by caller: Caller, stepHistory: Bool = true)
        async throws -> [CaseRecord]
    {
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
                try Self.seedSteps(of: record, intoHistory: stepHistory, before: at, on: db)
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

    /// The actions that bring a reported case to `state`.
    static func impliedActions(to state: CaseState) -> [CaseAction] {
        let handled: [CaseAction] = [.accept, .register, .dispatch, .signIn, .handle]
        switch state {
        case .reported: return []
        case .accepted: return [.accept]
        case .registered: return [.accept, .register]
        case .dispatched: return [.accept, .register, .dispatch]
        case .handling: return [.accept, .register, .dispatch, .signIn]
        case .handled: return handled
        case .verified: return handled + [.verify]
        case .closed: return handled + [.verify, .close]
        case .rated: return handled + [.verify, .close, .rate]
        case .selfHandled: return [.selfHandle]
        case .suspended: return [.accept, .register, .suspend]
        case .rejected: return [.reject]
        case .merged: return [.merge]
        case .voided: return [.accept, .register, .approveVoid]
        }
    }

    /// Counts (and with `intoHistory` records) the steps a seeded case took after its report.
    private static func seedSteps(of record: CaseRecord, intoHistory: Bool, before now: Int64, on db: any SQLConnection)
        throws
    {
        let actions = impliedActions(to: record.state)
        guard !actions.isEmpty else { return }
        let start = record.reportedAtMilliseconds
        // Never after the seeding itself: a step in the future would count on a day not yet come.
        let span = max(Int64(actions.count), min(record.updatedAtMilliseconds, now) - start)
        var late = false
        var state = CaseState.reported
        for (index, action) in actions.enumerated() {
            let at = start + span * Int64(index + 1) / Int64(actions.count)
            var measure = CaseMeasure(action.rawValue)
            if CaseMeasure.timedActions.contains(action.rawValue) {
                measure.late = (record.id.utf8.reduce(UInt32(index)) { $0 &* 31 &+ UInt32($1) } % 10) == 0
                late = late || measure.late
            }
            switch action {
            case .rate: measure.qualifier = record.rating?.rawValue
            case .close: (measure.late, measure.qualifier) = (late, HandlingReach.of(record).rawValue)
            default: break
            }
            // As live steps count: at the unit from its dispatch on.
            let dispatchedAt = actions.firstIndex(of: .dispatch) ?? actions.count
            let held = record.dispatchedToUnit && index >= dispatchedAt ? record.unit : nil
            let to =
                index == actions.count - 1
                ? record.state
                : (CaseWorkflow.table.rows.first {
                    $0.from == state && $0.action == action
                }?.to ?? record.state)
            if intoHistory {
                var step = record
                step.state = to
                try CaseQueries.appendHistory(
                    step, actor: "seed", action: action.rawValue, from: state, note: nil, data: [:], measure: measure,
                    countedUnit: held, at: at, on: db)
            } else {
                try CaseRollups.count(
                    CountedStep(
                        county: record.countyCode, region: record.regionCode, category: record.category,
                        channel: record.channel.rawValue, atMilliseconds: at, measure: measure.description, unit: held),
                    on: db)
            }
            state = to
        }
    }
}

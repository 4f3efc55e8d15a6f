import Foundation
import GridCore

/// Where the case workflow keeps its cases: the `cases` row, `case_history` and the county's
/// journal chain; a step restarts the clock of the step the case is now in.
struct CaseLedger: WorkflowLedger {
    /// For the step limits of the case's category.
    var catalogue: CaseCatalogue
    /// Where cases' clocks run shorter (平战转换).
    var emergencies: EmergencyMap
    var calendar: WorkingCalendar
    var now: Date

    var table: WorkflowTable<CaseWorkflow> { CaseWorkflow.table }
    var entity: String { "case" }

    func state(of record: CaseRecord) -> CaseState { record.state }
    func setState(_ state: CaseState, of record: inout CaseRecord) { record.state = state }

    func settle(_ next: inout CaseRecord, after current: CaseRecord) {
        // Nobody left to report in, or the case is past the steps where one can: no deadline.
        if next.coHandlers.values.allSatisfy({ $0 }) || ![.dispatched, .handling].contains(next.state) {
            next.reportInDueAtMilliseconds = nil
        }
        // A pending extension belongs to the step it was asked in.
        if next.state != current.state, current.state == .handling { next.extensionRequestedHours = nil }
        // The clock restarts when the step changes (signing in keeps the handling clock running).
        let step = CaseRecord.step(for: next.state)
        if step != current.step {
            next.startClock(
                step, at: now, limitHours: step.map { ScopedStore.limit($0, of: current.category, in: catalogue) } ?? 0,
                calendar: calendar, emergency: emergencies.level(at: next.regionCode))
        }
    }

    func save(_ next: inout CaseRecord, replacing current: CaseRecord, at: Int64, on db: any SQLConnection) throws {
        next.updatedAtMilliseconds = max(at, current.updatedAtMilliseconds + 1)
        try CaseQueries.update(next, previousUpdatedAt: current.updatedAtMilliseconds, on: db)
    }

    func appendHistory(
        _ next: CaseRecord, from current: CaseRecord, actor: String, action: String, note: String?, data: JSONValue,
        at: Int64, on db: any SQLConnection
    ) throws {
        if next.regionCode != current.regionCode { try CaseRollups.move(next, from: current.regionCode, on: db) }
        let measure = CaseMeasure.of(
            action: action, current: current, next: next, at: at,
            everLate: action == CaseAction.close.rawValue ? try CaseRollups.everLate(current, on: db) : false)
        try CaseQueries.appendHistory(
            next, actor: actor, action: action, from: current.state, note: note, data: data, measure: measure,
            countedUnit: current.handlingUnit ?? next.handlingUnit, at: at, on: db)
    }

    func journalChain(of record: CaseRecord) -> String { record.countyCode }
    func journalID(of record: CaseRecord) -> String { record.number }
    func journalImage(of record: CaseRecord) -> JSONValue { CaseQueries.journalImage(record) }
}

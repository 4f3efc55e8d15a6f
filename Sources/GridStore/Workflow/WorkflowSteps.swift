import GridCore

/// How one workflow keeps its subjects: the subject's own row, its history table and its journal
/// chain. Cases conform (``CaseLedger``); a later feature with its own ``WorkflowTable`` (disputes,
/// proposals, campaigns, service claims) conforms with its own tables and reuses ``WorkflowSteps``.
protocol WorkflowLedger: Sendable {
    associatedtype Kind: WorkflowKind
    associatedtype Record: Sendable

    var table: WorkflowTable<Kind> { get }
    /// The journal's entity name; a step's entry is named `entity.action`.
    var entity: String { get }
    func state(of record: Record) -> Kind.State
    func setState(_ state: Kind.State, of record: inout Record)
    /// Brings what follows from the new state up to date after the step's own effects — above all
    /// the working-hour limit (时限) of the step the subject is now in.
    func settle(_ next: inout Record, after current: Record)
    /// Writes the changed subject, stamping its change time; refuses if someone changed it meanwhile.
    func save(_ next: inout Record, replacing current: Record, at: Int64, on db: any SQLConnection) throws
    /// One history row: who did what, from which state to which (the subject's), with the note and data.
    func appendHistory(
        _ next: Record, from current: Record, actor: String, action: String, note: String?, data: JSONValue,
        at: Int64, on db: any SQLConnection) throws
    func journalChain(of record: Record) -> String
    func journalID(of record: Record) -> String
    func journalImage(of record: Record) -> JSONValue
}

/// Runs a workflow's steps inside a write: the table decides, the feature applies its effects, and
/// the subject, its history row and its journal entry are written together.
struct WorkflowSteps<Ledger: WorkflowLedger>: Sendable {
    typealias Kind = Ledger.Kind
    typealias Record = Ledger.Record
    /// What a step does besides moving the state: given the row taken, it changes the subject and
    /// fills the history row's data; it throws to refuse the step (a missing reason, a bad unit, …).
    typealias Effects = (_ row: WorkflowRow<Kind>, _ next: inout Record, _ data: inout [String: JSONValue]) throws ->
        Void

    let ledger: Ledger

    /// Takes `action` on `current` if the table lets a caller with `facts` do so now; otherwise
    /// throws the table's ``StepRefusal`` and writes nothing.
    func take(
        _ action: Kind.Action, on current: Record, facts: Kind.Facts, actor: String, note: String?, at: Int64,
        on db: any SQLConnection, effects: Effects
    ) throws -> Record {
        let row = try ledger.table.transition(from: ledger.state(of: current), action: action, facts: facts)
        var next = current
        ledger.setState(row.to, of: &next)
        var data: [String: JSONValue] = [:]
        try effects(row, &next, &data)
        ledger.settle(&next, after: current)
        return try write(
            next, replacing: current, actor: actor, action: action.rawValue, note: note, data: data, at: at, on: db)
    }

    /// Records something that is not a step of the table (urging, supervision) the same way: the
    /// changed subject, a history row and a journal entry.
    func record(
        _ event: String, on current: Record, actor: String, note: String?, data: [String: JSONValue], at: Int64,
        on db: any SQLConnection, mark: (inout Record) -> Void
    ) throws -> Record {
        var next = current
        mark(&next)
        return try write(next, replacing: current, actor: actor, action: event, note: note, data: data, at: at, on: db)
    }

    private func write(
        _ next: Record, replacing current: Record, actor: String, action: String, note: String?,
        data: [String: JSONValue], at: Int64, on db: any SQLConnection
    ) throws -> Record {
        var next = next
        try ledger.save(&next, replacing: current, at: at, on: db)
        try ledger.appendHistory(
            next, from: current, actor: actor, action: action, note: note, data: .object(data), at: at, on: db)
        try Journal.append(
            JournalChange(
                chain: ledger.journalChain(of: current), actor: actor, action: "\(ledger.entity).\(action)",
                entity: ledger.entity, entityID: ledger.journalID(of: current),
                before: ledger.journalImage(of: current), after: ledger.journalImage(of: next)), at: at, on: db)
        return next
    }
}

/// A kind of row that many writes of one transaction advance: a journal chain's head, a county's
/// case counter of the day, a case's last history number. Every write would read and rewrite the
/// same row; instead the transaction reads it once (locking it), advances it in memory, and writes
/// it back once before it commits (``SharedRows``).
///
/// A feature declares its kinds; the database layer knows none of them.
public protocol SharedRow {
    associatedtype Key: Hashable & Comparable & Sendable
    associatedtype Value: Equatable & Sendable

    /// Reads the row, creating it if it is absent, and locks it until the transaction ends (a
    /// PostgreSQL row lock; SQLite has one writer anyway).
    static func lockingRead(_ key: Key, on db: any SQLConnection) throws -> Value

    /// Writes `value` over the row the transaction locked; `nil` when the value is derived from
    /// rows the transaction appends (nothing to write back).
    static func write(_ value: Value, of key: Key) -> SQLStatement?

    /// Moves a row the transaction did not lock, but only from `expected`: the statement returns a
    /// row if it did. Used by a batch that started from a prediction (``SharedRows/Prediction``).
    static func advance(_ key: Key, from expected: Value, to value: Value) -> SQLStatement?

    /// Whether the batch after this one may start from the value this one leaves, while this one
    /// commits. `false` for derived values, which the next batch reads again.
    static var carriesOver: Bool { get }

    /// Writes many locked rows in a few statements, for a kind whose write-back can (a counter that
    /// adds, written as one multi-row upsert); `nil` writes each with ``write(_:of:)``.
    static func writeMany(_ rows: [(key: Key, value: Value)]) -> [SQLStatement]?

    /// What the row holds in this transaction once `written` has been written back: the value
    /// itself, or for a kind whose write-back adds (its value a delta), nothing left to add — so
    /// a replay that writes back after every write adds each write's share once.
    static func settled(_ written: Value) -> Value
}

extension SharedRow {
    public static var carriesOver: Bool { true }
    public static func writeMany(_ rows: [(key: Key, value: Value)]) -> [SQLStatement]? { nil }
    public static func settled(_ written: Value) -> Value { written }
}

/// The shared rows of one write transaction (``SharedRow``): the value each had when read (or as
/// predicted), and where the transaction has advanced it.
///
/// A savepoint rolled back returns them to where they were (``savepoint()``), like the rows.
public final class SharedRows {
    /// What a batch leaves for the one written while it commits: every carried-over row it knows,
    /// at the value it leaves.
    public struct Prediction: Sendable {
        fileprivate var tables: [ObjectIdentifier: any PredictedValues]

        public static let none = Prediction(tables: [:])

        /// The value of one row, as predicted (for tests).
        public func value<Row: SharedRow>(of row: Row.Type, _ key: Row.Key) -> Row.Value? {
            (tables[ObjectIdentifier(row)] as? Values<Row>)?.values[key]
        }

        /// A prediction with one row changed or dropped (for tests).
        public func with<Row: SharedRow>(_ row: Row.Type, _ key: Row.Key, _ value: Row.Value?) -> Prediction {
            var copy = self
            var values = (tables[ObjectIdentifier(row)] as? Values<Row>)?.values ?? [:]
            values[key] = value
            copy.tables[ObjectIdentifier(row)] = Values<Row>(values: values)
            return copy
        }
    }

    /// Tables in the order the transaction first touched them.
    private var tables: [any SharedRowTable] = []
    private var positions: [ObjectIdentifier: Int] = [:]
    private let predicted: Prediction?

    /// `predicted`: where the batch before leaves the rows it knows; they are then taken from it
    /// without reading or locking them, and verified at write-back.
    init(predicted: Prediction? = nil) {
        self.predicted = predicted
    }

    /// Whether the transaction started from a prediction: the batch before may still be committing,
    /// so a read of its rows would miss its writes.
    public var startedFromPrediction: Bool { predicted != nil }

    /// Advances a row: `body` changes its value, read once a transaction (or predicted), and
    /// returns what the caller needs of it.
    func advance<Row: SharedRow, Result>(
        _ row: Row.Type, _ key: Row.Key, on db: any SQLConnection,
        _ body: (inout Row.Value) throws -> Result
    ) throws -> Result {
        let table = self.table(row)
        if var slot = table.slots[key] {
            let result = try body(&slot.current)
            table.slots[key] = slot
            return result
        }
        var slot: Table<Row>.Slot
        if let guess = (predicted?.tables[ObjectIdentifier(row)] as? Values<Row>)?.values[key] {
            slot = Table<Row>.Slot(base: guess, current: guess, predicted: true)
        } else {
            let value = try Row.lockingRead(key, on: db)
            slot = Table<Row>.Slot(base: value, current: value, predicted: false)
        }
        let result = try body(&slot.current)
        table.slots[key] = slot
        return result
    }

    /// Gives a row a value known without reading it (the history of a case inserted by this
    /// transaction starts at zero).
    func know<Row: SharedRow>(_ row: Row.Type, _ key: Row.Key, is value: Row.Value) {
        let table = self.table(row)
        table.slots[key, default: Table<Row>.Slot(base: value, current: value, predicted: false)].know(value)
    }

    private func table<Row: SharedRow>(_ row: Row.Type) -> Table<Row> {
        if let position = positions[ObjectIdentifier(row)], let table = tables[position] as? Table<Row> { return table }
        let table = Table<Row>()
        positions[ObjectIdentifier(row)] = tables.count
        tables.append(table)
        return table
    }

    /// What this transaction leaves for the next batch, once written back.
    var prediction: Prediction {
        var result = Prediction.none
        for table in tables { table.carryOver(into: &result) }
        return result
    }

    /// The statements that write back every advanced row, and those that change a predicted row only
    /// where it still holds the prediction (each returns a row when it did). Afterwards the rows
    /// count as written.
    func writeBack() -> (statements: [SQLStatement], verified: [SQLStatement]) {
        var statements: [SQLStatement] = []
        var verified: [SQLStatement] = []
        for table in tables { table.writeBack(statements: &statements, verified: &verified) }
        return (statements, verified)
    }

    /// Returns what puts every row back where it is now, for a savepoint rolled back.
    func savepoint() -> () -> Void {
        let states = tables.map { $0.state() }
        let count = tables.count
        return { [self] in
            for (table, state) in zip(tables, states) { table.restore(state) }
            for table in tables[count...] { table.restore(nil) }
        }
    }
}

/// One kind's rows in a transaction.
private protocol SharedRowTable: AnyObject {
    func carryOver(into prediction: inout SharedRows.Prediction)
    func writeBack(statements: inout [SQLStatement], verified: inout [SQLStatement])
    func state() -> Any
    /// `nil`: as before the table was first touched.
    func restore(_ state: Any?)
}

private protocol PredictedValues: Sendable {}

private struct Values<Row: SharedRow>: PredictedValues {
    var values: [Row.Key: Row.Value]
}

private final class Table<Row: SharedRow>: SharedRowTable {
    /// One row as this transaction has it.
    struct Slot {
        /// The value the row holds in the database as this transaction sees it: as read, as
        /// predicted, or as last written back.
        var base: Row.Value
        /// The value the row has been advanced to.
        var current: Row.Value
        /// Taken from a prediction, not read: its write-back is verified.
        var predicted: Bool

        mutating func know(_ value: Row.Value) { (base, current) = (value, value) }
    }

    /// Each row in one entry: advancing a row touches one dictionary entry, and the write-back
    /// walks them without a lookup.
    var slots: [Row.Key: Slot] = [:]

    func carryOver(into prediction: inout SharedRows.Prediction) {
        guard Row.carriesOver else { return }
        prediction.tables[ObjectIdentifier(Row.self)] = Values<Row>(values: slots.mapValues(\.current))
    }

    func writeBack(statements: inout [SQLStatement], verified: inout [SQLStatement]) {
        var writes: [(key: Row.Key, statement: SQLStatement, isVerified: Bool, value: Row.Value)] = []
        var index = slots.startIndex
        while index != slots.endIndex {
            let (key, slot) = slots[index]
            if slot.base != slot.current {
                if slot.predicted {
                    if let statement = Row.advance(key, from: slot.base, to: slot.current) {
                        writes.append((key, statement, true, slot.current))
                    }
                } else if let statement = Row.write(slot.current, of: key) {
                    writes.append((key, statement, false, slot.current))
                }
                let settled = Row.settled(slot.current)
                slots.values[index].base = settled
                slots.values[index].current = settled
            }
            index = slots.index(after: index)
        }
        // In key order: concurrent write-backs of unlocked rows then take row locks in one order.
        // Only the rows that write are sorted: a derived kind writes nothing, and holds a row for
        // every case of the batch.
        writes.sort { $0.key < $1.key }
        let plain = writes.filter { !$0.isVerified }
        if plain.count > 1,
            let many = Row.writeMany(plain.map { ($0.key, $0.value) })
        {
            statements += many
            verified += writes.filter(\.isVerified).map(\.statement)
            return
        }
        for write in writes {
            if write.isVerified { verified.append(write.statement) } else { statements.append(write.statement) }
        }
    }

    func state() -> Any { slots }

    func restore(_ state: Any?) { slots = state as? [Row.Key: Slot] ?? [:] }
}

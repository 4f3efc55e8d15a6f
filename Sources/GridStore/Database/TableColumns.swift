/// One table's columns, each named once beside how its value is taken from the record, so that
/// statements bind and rows are read by column name, never by position: a table of 30 columns is
/// as safe to change as one of 3.
struct TableColumns<Record>: Sendable {
    struct Column: Sendable {
        let name: String
        let value: @Sendable (Record) -> SQLValue

        init(_ name: String, _ value: @escaping @Sendable (Record) -> SQLValue) {
            self.name = name
            self.value = value
        }
    }

    let columns: [Column]
    /// The column names, in the order of ``values(of:)``.
    let names: [String]
    /// `a, b, c`: what a `SELECT` lists so that ``row(_:)`` can read the result.
    let selectList: String
    private let positions: [String: Int]

    init(_ columns: [Column]) {
        self.columns = columns
        names = columns.map(\.name)
        selectList = names.joined(separator: ", ")
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// `t.a, t.b, t.c`: ``selectList`` with each column taken from the table aliased `alias` in a join.
    func selectList(qualifiedBy alias: String) -> String { names.map { "\(alias).\($0)" }.joined(separator: ", ") }

    /// ``selectList`` with the columns named in `omitted` read as `NULL`: big columns a list does not need.
    func selectList(omitting omitted: Set<String>) -> String {
        names.map { omitted.contains($0) ? "NULL AS \($0)" : $0 }.joined(separator: ", ")
    }

    /// The columns named, in the order given: for a statement that writes or reads part of a record.
    func only(_ names: [String]) -> TableColumns {
        TableColumns(names.compactMap { name in positions[name].map { columns[$0] } })
    }

    /// Every column's value, in the order of ``names``.
    func values(of record: Record) -> [SQLValue] { columns.map { $0.value(record) } }

    /// Every column's value, in the order of ``names``, then `extras`, the values of columns the
    /// record does not hold (a new case's tracking hash): one array, sized once.
    func values(of record: Record, followedBy extras: SQLValue...) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count + extras.count)
        for column in columns { values.append(column.value(record)) }
        values.append(contentsOf: extras)
        return values
    }

    /// `a = ?, b = ?` for an `UPDATE`, with the values to bind, for the columns named.
    func assignments(_ names: [String], of record: Record) -> (sql: String, values: [SQLValue]) {
        let chosen = names.compactMap { name in positions[name].map { columns[$0] } }
        return (chosen.map { "\($0.name) = ?" }.joined(separator: ", "), chosen.map { $0.value(record) })
    }

    /// A row selected with ``selectList`` (followed by `extra` columns), read by name.
    func row(_ row: SQLRow, extra: [String] = []) -> NamedRow {
        var positions = self.positions
        for (offset, name) in extra.enumerated() { positions[name] = names.count + offset }
        return NamedRow(row: row, positions: positions)
    }
}

/// A result row read by column name; an error names the column.
struct NamedRow {
    let row: SQLRow
    let positions: [String: Int]

    init(row: SQLRow, positions: [String: Int]) {
        self.row = row
        self.positions = positions
    }

    /// A row of a query that reads no table's record (a tally, say), whose select list names its
    /// columns `names`, in order (with `AS` where a column is computed).
    init(_ row: SQLRow, names: [String]) {
        self.init(row: row, positions: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
    }

    private func position(_ name: String) throws(StoreError) -> Int {
        guard let position = positions[name], position < row.values.count else {
            throw .corrupt("no column \(name) in the row read")
        }
        return position
    }

    private func named<T>(_ name: String, _ read: (Int) throws(StoreError) -> T) throws(StoreError) -> T {
        let position = try position(name)
        do { return try read(position) } catch { throw .corrupt("column \(name): \(error)") }
    }

    func text(_ name: String) throws(StoreError) -> String {
        try named(name) { (i) throws(StoreError) in try row.text(i) }
    }
    func optionalText(_ name: String) throws(StoreError) -> String? {
        try named(name) { (i) throws(StoreError) in try row.optionalText(i) }
    }
    func integer(_ name: String) throws(StoreError) -> Int64 {
        try named(name) { (i) throws(StoreError) in try row.integer(i) }
    }
    func optionalInteger(_ name: String) throws(StoreError) -> Int64? {
        try named(name) { (i) throws(StoreError) in try row.optionalInteger(i) }
    }
    func blob(_ name: String) throws(StoreError) -> [UInt8] {
        let position = try position(name)
        guard case .blob(let bytes) = row.values[position] else { throw .corrupt("column \(name) holds no bytes") }
        return bytes
    }
    func optionalReal(_ name: String) throws(StoreError) -> Double? {
        try named(name) { (i) throws(StoreError) in try row.optionalReal(i) }
    }
}

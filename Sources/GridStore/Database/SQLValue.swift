/// A value bound into or read out of SQL, in the types both SQLite and PostgreSQL share.
/// Times are stored as `BIGINT` milliseconds since 1970 and JSON as `TEXT`, so rows read the same on both.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    /// A column of values of one kind bound as one array, for `unnest`
    /// (``SQLStatement/unnestInsert(into:columns:rows:)``). PostgreSQL only: SQLite has no arrays.
    case array([SQLValue])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }

    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ number: Int64?) { self = number.map(SQLValue.integer) ?? .null }
    public init(_ number: Int) { self = .integer(Int64(number)) }
    public init(_ number: Double?) { self = number.map(SQLValue.real) ?? .null }
}

/// One result row; columns are read by position, in the order the query lists them.
public struct SQLRow: Sendable, Hashable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public func text(_ index: Int) throws(StoreError) -> String {
        switch values[index] {
        case .text(let s): return s
        case .integer(let i): return String(i)
        default: throw .corrupt("column \(index) is \(values[index]), expected text")
        }
    }

    public func optionalText(_ index: Int) throws(StoreError) -> String? {
        if case .null = values[index] { return nil }
        return try text(index)
    }

    public func integer(_ index: Int) throws(StoreError) -> Int64 {
        switch values[index] {
        case .integer(let i): return i
        case .real(let d) where d == d.rounded(): return Int64(d)
        case .text(let s): if let i = Int64(s) { return i }
        default: break
        }
        throw .corrupt("column \(index) is \(values[index]), expected an integer")
    }

    public func optionalInteger(_ index: Int) throws(StoreError) -> Int64? {
        if case .null = values[index] { return nil }
        return try integer(index)
    }

    public func optionalReal(_ index: Int) throws(StoreError) -> Double? {
        switch values[index] {
        case .null: return nil
        case .real(let d): return d
        case .integer(let i): return Double(i)
        default: throw .corrupt("column \(index) is \(values[index]), expected a number")
        }
    }
}

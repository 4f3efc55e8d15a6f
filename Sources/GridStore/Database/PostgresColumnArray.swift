import NIOCore
import PostgresNIO

/// A column of values (``SQLValue/array(_:)``) in PostgreSQL's binary array format: a header, then
/// each element as its length and bytes, or -1 for NULL.
///
/// Binary, not the `{…}` text form: the server copies each element instead of scanning the text for
/// quotes and escapes, and a batch's write-back (``SQLStatement/unnestInsert(into:columns:rows:)``)
/// carries every row of its tables this way.
struct PostgresColumnArray: PostgresThrowingDynamicTypeEncodable {
    let values: [SQLValue]
    let element: PostgresDataType
    let psqlType: PostgresDataType
    var psqlFormat: PostgresFormat { .binary }

    /// The element type is that of the values that are not NULL (text if none is); they must share it.
    init(_ values: [SQLValue]) throws {
        guard let kind = ArrayKind(values) else { throw StoreError.engine("an array's values are not all of one kind") }
        self.values = values
        (element, psqlType) = kind.postgresTypes
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        buffer.writeInteger(Int32(1))  // dimensions
        buffer.writeInteger(Int32(values.contains(.null) ? 1 : 0))
        buffer.writeInteger(element.rawValue)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))  // the first index
        for value in values {
            switch (value, element) {
            case (.null, _):
                buffer.writeInteger(Int32(-1))
            case (.integer(let number), .int8):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number)
            case (.real(let number), .float8):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number.bitPattern)
            case (.text(let text), .text):
                buffer.writeInteger(Int32(text.utf8.count))
                buffer.writeString(text)
            case (.blob(let bytes), .bytea):
                buffer.writeInteger(Int32(bytes.count))
                buffer.writeBytes(bytes)
            default:
                throw StoreError.engine("an array of \(element) cannot hold \(value)")
            }
        }
    }
}

/// The kind of value one column holds, which names its array types.
enum ArrayKind: Equatable {
    case allNull, integer, real, text, blob

    /// The kind the column's non-null values share; `nil` if they differ.
    init?(_ values: some Sequence<SQLValue>) {
        var kind = ArrayKind.allNull
        for value in values {
            let this: ArrayKind
            switch value {
            case .null: continue
            case .integer: this = .integer
            case .real: this = .real
            case .text: this = .text
            case .blob: this = .blob
            case .array: return nil
            }
            if kind == .allNull { kind = this } else if kind != this { return nil }
        }
        self = kind
    }

    var sqlType: String {
        switch self {
        case .allNull, .text: "text[]"
        case .integer: "bigint[]"
        case .real: "float8[]"
        case .blob: "bytea[]"
        }
    }

    /// PostgreSQL's types for the elements and for the array.
    var postgresTypes: (element: PostgresDataType, array: PostgresDataType) {
        switch self {
        case .allNull, .text: (.text, .textArray)
        case .integer: (.int8, .int8Array)
        case .real: (.float8, .float8Array)
        case .blob: (.bytea, .byteaArray)
        }
    }
}

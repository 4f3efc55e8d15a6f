/// A table as offices send it — a CSV file or a workbook's first sheet — as a header and rows of
/// text fields, each row numbered as the editor or spreadsheet shows it, so that a problem can
/// name the line a clerk will look for.
public struct ImportTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    public var header: [String]
    public var rows: [Row]

    /// A row wider than this is refused on its own line: no base-data file has more columns, and a
    /// row of ten thousand would otherwise cost ten thousand strings.
    public static let maxColumns = 100

    public init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// Reads CSV as RFC 4180 and office software write it: commas, fields in double quotes holding
    /// commas, quotes (doubled) and line breaks, CRLF or LF, a byte-order mark, blank lines skipped.
    /// Fields are trimmed; empty columns right of the header are dropped. A row wider than
    /// ``maxColumns`` is a problem of its line, the other rows still read; an unclosed quote swallows
    /// the rest of the file, so it refuses the file, naming the line it opened on.
    public static func csv(_ text: String) -> (table: ImportTable?, problems: ImportProblems) {
        var problems = ImportProblems()
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var tooWide = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endField() {
            if fields.count < maxColumns {
                fields.append(String(decoding: field, as: UTF8.self).trimmingSpaces())
            } else {
                tooWide = true
            }
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if tooWide {
                problems.append(recordLine, nil, "a row has more than \(maxColumns) columns")
            } else if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            tooWide = false
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\"") where field.allSatisfy({ $0 == 0x20 }): quoted = true
            case 0x0D where index < bytes.count && bytes[index] == 0x0A: break
            case 0x0A, 0x0D:
                endRecord()
                line += 1
                recordLine = line
            default: field.append(byte)
            }
        }
        if quoted {
            problems.append(recordLine, nil, "a quoted field is not closed before the end of the file")
            return (nil, problems)
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard var header = records.first?.fields else {
            problems.append(1, nil, "the file is empty")
            return (nil, problems)
        }
        // Spreadsheet software saves empty columns to the right of the table as trailing commas.
        while header.count > 1, header.last?.isEmpty == true { header.removeLast() }
        let rows = records.dropFirst().map { row in
            var row = row
            while row.fields.count > header.count, row.fields.last?.isEmpty == true { row.fields.removeLast() }
            return row
        }
        return (ImportTable(header: header, rows: rows), problems)
    }
}

/// The columns a kind of import file has: canonical English names (what scripts rely on), the
/// Chinese headers offices use for each, and which must be present. Columns may come in any order;
/// an unknown or doubled column is refused by name.
public struct ImportColumns: Sendable {
    public var names: [String]
    public var required: Set<String>
    public var chinese: [String: String]

    public init(names: [String], required: Set<String>, chinese: [String: String]) {
        self.names = names
        self.required = required
        self.chinese = chinese
    }

    /// Where each column is in `header`, or the problems of line 1.
    public func positions(in header: [String]) -> Result<[String: Int], ImportProblems> {
        var problems = ImportProblems()
        var index: [String: Int] = [:]
        for (position, title) in header.enumerated() {
            guard let column = names.contains(title) ? title : chinese[title] else {
                problems.append(1, title, "unknown column '\(title)'; the columns are \(names.joined(separator: ","))")
                continue
            }
            guard index[column] == nil else {
                problems.append(1, title, "the column \(column) appears twice")
                continue
            }
            index[column] = position
        }
        for column in names where required.contains(column) && index[column] == nil {
            problems.append(1, column, "the required column \(column) is missing")
        }
        return problems.isEmpty ? .success(index) : .failure(problems)
    }

    /// What `read` makes of every row of `table` whose width matches the header, given a lookup by
    /// column; a row of another width, and any row `read` refuses, is a problem of its line.
    public func rows<Row>(
        of table: ImportTable, problems: inout ImportProblems,
        _ read: (_ line: Int, _ field: (String) -> String, _ problems: inout ImportProblems) -> Row?
    ) -> [Row] {
        guard case .success(let index) = positions(in: table.header) else { return [] }
        var rows: [Row] = []
        rows.reserveCapacity(table.rows.count)
        for row in table.rows {
            guard row.fields.count == table.header.count else {
                problems.append(row.line, nil, "expected \(table.header.count) fields, found \(row.fields.count)")
                continue
            }
            if let made = read(row.line, { column in index[column].map { row.fields[$0] } ?? "" }, &problems) {
                rows.append(made)
            }
        }
        return rows
    }
}

import CZlib
import Foundation
import GridCore

/// The first sheet of an XLSX workbook (Office Open XML, what Excel and WPS save) as an
/// ``ImportTable``: cells as shared strings, inline strings, numbers (whole numbers written without
/// a decimal point or exponent, so a phone typed as a number reads as typed), booleans and dates
/// (a number whose style is a date format becomes `YYYY-MM-DD`). Formulas are never evaluated:
/// their cached value is read, or nothing.
///
/// A workbook is a ZIP (PKWARE's APPNOTE) of XML parts; entries are stored or deflated (zlib). Every
/// size is checked against the file and a ceiling before anything is allocated, so a damaged or
/// hostile file costs a bounded amount of work.
public enum XLSXReader {
    /// No part is inflated past this: a county's people sheet is well under it.
    static let maxPartSize = 256 << 20
    /// Deflate packs XML at most about a thousand to one: a part claiming more is not a workbook.
    static let maxInflation = 1100

    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func table(_ bytes: [UInt8]) throws(InvalidValue) -> ImportTable {
        let archive = try ZipEntries(bytes)
        let sheetPath = try firstSheetPath(archive)
        let shared = try archive.data("xl/sharedStrings.xml").map(sharedStrings) ?? []
        let dateStyles = try archive.data("xl/styles.xml").map(dateStyleIndexes) ?? []
        guard let sheet = try archive.data(sheetPath) else {
            throw InvalidValue("the workbook has no sheet \(sheetPath)")
        }
        var rows = try cells(sheet, shared: shared, dateStyles: dateStyles)
        // A formatted but empty row above the header is not the header.
        while let first = rows.first, first.fields.allSatisfy(\.isEmpty) { rows.removeFirst() }
        guard let first = rows.first else { throw InvalidValue("the workbook's first sheet is empty") }
        let width = first.fields.count
        rows.removeFirst()
        for index in rows.indices where rows[index].fields.count < width {
            rows[index].fields += Array(repeating: "", count: width - rows[index].fields.count)
        }
        return ImportTable(header: first.fields, rows: rows.filter { $0.fields.contains { !$0.isEmpty } })
    }

    /// The first sheet the workbook lists, through its relationships (usually `xl/worksheets/sheet1.xml`).
    static func firstSheetPath(_ archive: ZipEntries) throws(InvalidValue) -> String {
        guard let workbook = try archive.data("xl/workbook.xml") else {
            throw InvalidValue("the file is a ZIP but not an XLSX workbook (no xl/workbook.xml)")
        }
        var scanner = XMLScanner(workbook)
        guard let sheet = scanner.next(element: "sheet"), let id = sheet.attributes["r:id"] else {
            throw InvalidValue("the workbook lists no sheet")
        }
        guard let relationships = try archive.data("xl/_rels/workbook.xml.rels") else {
            return "xl/worksheets/sheet1.xml"
        }
        var relations = XMLScanner(relationships)
        while let relation = relations.next(element: "Relationship") {
            guard relation.attributes["Id"] == id, let target = relation.attributes["Target"] else { continue }
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        throw InvalidValue("the workbook's first sheet \(id) has no part")
    }

    static func sharedStrings(_ xml: [UInt8]) -> [String] {
        var strings: [String] = []
        var scanner = XMLScanner(xml)
        while let item = scanner.next(element: "si") {
            // Rich text is runs (`<r><t>…</t></r>`); phonetic guides (`<rPh>`) are not the text.
            var text = ""
            var inner = XMLScanner(item.body)
            while let piece = inner.next(element: "t", skipping: "rPh") { text += XMLScanner.unescaped(piece.body) }
            strings.append(text)
        }
        return strings
    }

    /// The cell styles (`s` attribute) whose number format shows a date.
    static func dateStyleIndexes(_ xml: [UInt8]) -> Set<Int> {
        var scanner = XMLScanner(xml)
        var dateFormats: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)
        var styles: Set<Int> = []
        while let element = scanner.next(elements: ["numFmt", "cellXfs"]) {
            if element.name == "numFmt" {
                guard let id = element.attributes["numFmtId"].flatMap(Int.init),
                    let code = element.attributes["formatCode"]
                else { continue }
                // Quoted literals and colours are not the format; y or d outside them is a date.
                var bare = ""
                var quoted = false
                var bracket = false
                for character in code.lowercased() {
                    if character == "\"" {
                        quoted.toggle()
                    } else if character == "[" {
                        bracket = true
                    } else if character == "]" {
                        bracket = false
                    } else if !quoted && !bracket {
                        bare.append(character)
                    }
                }
                if bare.contains("y") || bare.contains("d") { dateFormats.insert(id) }
            } else {
                var formats = XMLScanner(element.body)
                var index = 0
                while let format = formats.next(element: "xf") {
                    if let id = format.attributes["numFmtId"].flatMap(Int.init), dateFormats.contains(id) {
                        styles.insert(index)
                    }
                    index += 1
                }
            }
        }
        return styles
    }

    static func cells(_ xml: [UInt8], shared: [String], dateStyles: Set<Int>) throws(InvalidValue) -> [ImportTable.Row]
    {
        var rows: [ImportTable.Row] = []
        var scanner = XMLScanner(xml)
        var lastLine = 0
        while let row = scanner.next(element: "row") {
            let line = row.attributes["r"].flatMap(Int.init) ?? lastLine + 1
            lastLine = line
            var fields: [String] = []
            var cells = XMLScanner(row.body)
            while let cell = cells.next(element: "c") {
                let column = cell.attributes["r"].flatMap(columnIndex) ?? fields.count
                guard column < ImportTable.maxColumns else {
                    throw InvalidValue("row \(line) has more than \(ImportTable.maxColumns) columns")
                }
                if column > fields.count { fields += Array(repeating: "", count: column - fields.count) }
                let value = cellText(cell, shared: shared, dateStyles: dateStyles)
                if column < fields.count { fields[column] = value } else { fields.append(value) }
            }
            while fields.last?.isEmpty == true { fields.removeLast() }
            rows.append(
                ImportTable.Row(line: line, fields: fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }))
        }
        return rows
    }

    static func cellText(_ cell: XMLScanner.Element, shared: [String], dateStyles: Set<Int>) -> String {
        var inner = XMLScanner(cell.body)
        switch cell.attributes["t"] {
        case "s":
            guard let value = inner.next(element: "v"), let index = Int(XMLScanner.unescaped(value.body)),
                shared.indices.contains(index)
            else { return "" }
            return shared[index]
        case "inlineStr":
            var text = ""
            while let piece = inner.next(element: "t", skipping: "rPh") { text += XMLScanner.unescaped(piece.body) }
            return text
        case "b":
            return inner.next(element: "v").map { XMLScanner.unescaped($0.body) == "1" ? "TRUE" : "FALSE" } ?? ""
        case "str", "e":
            return inner.next(element: "v").map { XMLScanner.unescaped($0.body) } ?? ""
        default:
            guard let value = inner.next(element: "v") else { return "" }
            let text = XMLScanner.unescaped(value.body)
            guard let number = Double(text) else { return text }
            if let style = cell.attributes["s"].flatMap(Int.init), dateStyles.contains(style) {
                return day(fromSerial: number) ?? text
            }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }

    /// Excel's day number (1900 date system; day 60 is its phantom 1900-02-29) as `YYYY-MM-DD`.
    static func day(fromSerial serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down)) - 25_569  // 1970-01-01 is day 25569
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let date = Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `C12` → 2.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }
}

/// The entries of a ZIP archive, read from its central directory.
struct ZipEntries {
    private let bytes: [UInt8]
    private var entries: [String: (method: UInt16, offset: Int, compressed: Int, size: Int)] = [:]

    init(_ bytes: [UInt8]) throws(InvalidValue) {
        self.bytes = bytes
        // The end record is in the last 22 bytes plus at most a 65,535-byte comment.
        let lowest = max(0, bytes.count - 22 - 65_535)
        var end = bytes.count - 22
        while end >= lowest, Self.uint32(bytes, end) != 0x0605_4b50 { end -= 1 }
        guard end >= lowest, end >= 0 else { throw InvalidValue("the file is not a ZIP archive (no end record)") }
        let count = Int(Self.uint16(bytes, end + 10))
        var position = Int(Self.uint32(bytes, end + 16))
        for _ in 0..<count {
            guard position + 46 <= bytes.count, Self.uint32(bytes, position) == 0x0201_4b50 else {
                throw InvalidValue("the ZIP archive's directory is damaged")
            }
            let method = Self.uint16(bytes, position + 10)
            let compressed = Int(Self.uint32(bytes, position + 20))
            let size = Int(Self.uint32(bytes, position + 24))
            let nameLength = Int(Self.uint16(bytes, position + 28))
            let skip = Int(Self.uint16(bytes, position + 30)) + Int(Self.uint16(bytes, position + 32))
            let offset = Int(Self.uint32(bytes, position + 42))
            guard position + 46 + nameLength <= bytes.count else {
                throw InvalidValue("the ZIP archive's directory is damaged")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            entries[name] = (method, offset, compressed, size)
            position += 46 + nameLength + skip
        }
    }

    /// The bytes of the entry `name`, or nil when the archive has none.
    func data(_ name: String) throws(InvalidValue) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        let header = entry.offset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4b50 else {
            throw InvalidValue("the ZIP entry \(name) is damaged")
        }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start + entry.compressed <= bytes.count, entry.size <= XLSXReader.maxPartSize,
            entry.size <= max(entry.compressed, 1) * XLSXReader.maxInflation
        else {
            throw InvalidValue("the ZIP entry \(name) is damaged or larger than \(XLSXReader.maxPartSize >> 20) MiB")
        }
        let stored = bytes[start..<(start + entry.compressed)]
        switch entry.method {
        case 0: return Array(stored)
        case 8:
            guard let inflated = Self.inflate(stored, size: entry.size) else {
                throw InvalidValue("the ZIP entry \(name) does not inflate")
            }
            return inflated
        default: throw InvalidValue("the ZIP entry \(name) uses compression method \(entry.method)")
        }
    }

    /// Raw deflate through zlib, into exactly the size the directory declares (never more).
    static func inflate(_ input: ArraySlice<UInt8>, size: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { inflateEnd(&stream) }
        var input = Array(input)
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        return output
    }

    static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3])
            << 24
    }
}

/// Just enough XML for spreadsheet parts: elements found by name, with their attributes and the
/// bytes between their tags. No DTDs, namespaces are kept as written (`r:id`).
struct XMLScanner {
    struct Element {
        var name: String
        var attributes: [String: String]
        var body: ArraySlice<UInt8>
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func next(element name: String, skipping skipped: String? = nil) -> Element? {
        next(elements: [name], skipping: skipped)
    }

    /// The next element named one of `names` (its body ends at its matching close tag; the same
    /// name nested inside is counted), passing over whole `skipped` elements.
    mutating func next(elements names: Set<String>, skipping skipped: String? = nil) -> Element? {
        while let open = find(UInt8(ascii: "<"), from: position) {
            guard let close = find(UInt8(ascii: ">"), from: open) else { return nil }
            position = close + 1
            let tag = bytes[(open + 1)..<close]
            guard let first = tag.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "?"),
                first != UInt8(ascii: "!")
            else { continue }
            let nameEnd =
                tag.firstIndex { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2F } ?? tag.endIndex
            let tagName = String(decoding: tag[tag.startIndex..<nameEnd], as: UTF8.self)
            let selfClosing = tag.last == UInt8(ascii: "/")
            if tagName == skipped {
                if !selfClosing { _ = body(of: tagName) }
                continue
            }
            guard names.contains(tagName) else { continue }
            let attributes = Self.attributes(tag[nameEnd...])
            if selfClosing { return Element(name: tagName, attributes: attributes, body: bytes[close..<close]) }
            return Element(name: tagName, attributes: attributes, body: body(of: tagName))
        }
        return nil
    }

    /// From here to the close tag of `name`, moving past it.
    private mutating func body(of name: String) -> ArraySlice<UInt8> {
        let start = position
        var depth = 1
        let nameBytes = Array(name.utf8)
        while let open = find(UInt8(ascii: "<"), from: position) {
            guard let close = find(UInt8(ascii: ">"), from: open) else { break }
            position = close + 1
            let tag = bytes[(open + 1)..<close]
            let closing = tag.first == UInt8(ascii: "/")
            let nameStart = closing ? tag.startIndex + 1 : tag.startIndex
            guard tag[nameStart...].starts(with: nameBytes) else { continue }
            let after = nameStart + nameBytes.count
            guard after == tag.endIndex || [0x20, 0x09, 0x0A, 0x0D, 0x2F].contains(tag[after]) else { continue }
            if closing {
                depth -= 1
                if depth == 0 { return bytes[start..<open] }
            } else if tag.last != UInt8(ascii: "/") {
                depth += 1
            }
        }
        position = bytes.endIndex
        return bytes[start..<bytes.endIndex]
    }

    private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < bytes.endIndex else { return nil }
        return bytes[from...].firstIndex(of: byte)
    }

    static func attributes(_ text: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, [0x20, 0x09, 0x0A, 0x0D, 0x2F].contains(text[index]) { index += 1 }
            let nameStart = index
            while index < text.endIndex, text[index] != UInt8(ascii: "=") { index += 1 }
            guard index + 1 < text.endIndex else { break }
            let name = String(decoding: text[nameStart..<index], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let quote = text[index + 1]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { break }
            let valueStart = index + 2
            guard let valueEnd = text[valueStart...].firstIndex(of: quote) else { break }
            result[name] = unescaped(text[valueStart..<valueEnd])
            index = valueEnd + 1
        }
        return result
    }

    /// Text with XML's five entities and numeric character references resolved.
    static func unescaped(_ text: ArraySlice<UInt8>) -> String {
        let raw = String(decoding: text, as: UTF8.self)
        guard raw.contains("&") else { return raw }
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            // An entity is short: look for its end among the next few characters only, so a text of
            // ampersands costs linear time.
            guard let semi = rest[amp...].prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }
}

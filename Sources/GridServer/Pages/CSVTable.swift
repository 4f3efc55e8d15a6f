/// Tables handed out as CSV (exports, error reports), safe to open in a spreadsheet.
enum CSVTable {
    /// A table as CSV, one row a line (CRLF), with a byte-order mark so that spreadsheet software
    /// reads the Chinese as UTF-8.
    static func text(_ table: [[String]]) -> String {
        "\u{FEFF}" + table.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV field: quoted when it holds a comma, quote or line break; and a text a spreadsheet would
    /// take for a formula (`=`, `+`, `-`, `@` first) starts with `'`, so an opened export runs nothing.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}

import Hummingbird

/// A table handed out as a file: an Excel workbook (``Workbook``) or CSV (``CSVTable``), both safe
/// to open — nothing in a cell is ever taken for a formula.
enum TableDownload {
    static func response(_ table: [[String]], fileName: String, sheet: String, spreadsheet: Bool) -> Response {
        var response: Response
        if spreadsheet {
            let bytes = Workbook.xlsx(sheet: sheet, table)
            response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            response.headers[.contentType] = Workbook.contentType
            response.headers[.contentDisposition] = "attachment; filename=\"\(fileName).xlsx\""
        } else {
            response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: CSVTable.text(table))))
            response.headers[.contentType] = "text/csv; charset=utf-8"
            response.headers[.contentDisposition] = "attachment; filename=\"\(fileName).csv\""
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

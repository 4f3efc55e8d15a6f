import Foundation
import GridCore

#if canImport(Glibc)
    import Glibc
#endif

/// An imported file as a table, however the office's software saved it: an XLSX workbook, or CSV
/// text in UTF-8 (with or without a byte-order mark) or, failing that, GB 18030 (which reads GBK
/// and GB2312 files too) — detected, not declared.
public enum ImportText {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
        case xlsx = "XLSX"
    }

    /// The file's table and the problems of its lines; a file that cannot be read at all throws
    /// (``InvalidValue``, or ``ImportProblems`` naming the line).
    public static func table(_ bytes: [UInt8]) throws -> (
        table: ImportTable, problems: ImportProblems, encoding: Encoding
    ) {
        if XLSXReader.isWorkbook(bytes) { return (try XLSXReader.table(bytes), ImportProblems(), .xlsx) }
        let (text, encoding) = try decode(bytes)
        let (table, problems) = ImportTable.csv(text)
        guard let table else { throw problems }
        return (table, problems, encoding)
    }

    public static func decode(_ bytes: [UInt8]) throws(InvalidValue) -> (text: String, encoding: Encoding) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        guard let text = fromGB18030(bytes) else {
            throw InvalidValue("the file is neither UTF-8 nor GBK text")
        }
        return (text, .gb18030)
    }

    /// GB 18030 through the C library's iconv (glibc ships the converter).
    static func fromGB18030(_ bytes: [UInt8]) -> String? {
        #if canImport(Glibc)
            let converter = iconv_open("UTF-8", "GB18030")
            guard converter != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(converter) }
            var input = bytes.map { CChar(bitPattern: $0) }
            var output = [CChar](repeating: 0, count: bytes.count * 2 + 4)
            let written: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    var inPointer = inputBuffer.baseAddress
                    var inLeft = inputBuffer.count
                    var outPointer = outputBuffer.baseAddress
                    var outLeft = outputBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    guard result != -1 else { return nil }
                    return outputBuffer.count - outLeft
                }
            }
            guard let written else { return nil }
            return String(validating: output.prefix(written).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
            return nil
        #endif
    }
}

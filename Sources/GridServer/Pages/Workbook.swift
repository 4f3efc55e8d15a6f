import GridCore

/// A table as an Excel workbook (XLSX, Office Open XML): one sheet of text cells, the header row
/// bold and frozen, so an export opens in Excel or WPS as a spreadsheet, not as CSV to be imported.
///
/// Cells are inline strings, so nothing in a case's text is ever read as a formula.
enum Workbook {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func xlsx(sheet name: String, _ table: [[String]]) -> [UInt8] {
        var archive = ZipArchive()
        archive.add(
            "[Content_Types].xml",
            xml(
                #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            ))
        archive.add(
            "_rels/.rels",
            xml(
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ))
        archive.add(
            "xl/workbook.xml",
            xml(
                #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(escape(String(name.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ))
        archive.add(
            "xl/_rels/workbook.xml.rels",
            xml(
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
            ))
        archive.add(
            "xl/styles.xml",
            xml(
                #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ))
        archive.add("xl/worksheets/sheet1.xml", worksheet(table))
        return archive.data
    }

    private static func worksheet(_ table: [[String]]) -> [UInt8] {
        var text =
            #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#
        for (index, row) in table.enumerated() {
            text += #"<row r="\#(index + 1)">"#
            for (column, value) in row.enumerated() {
                text += #"<c r="\#(columnName(column))\#(index + 1)" t="inlineStr""#
                text += index == 0 ? #" s="1">"# : ">"
                text += #"<is><t xml:space="preserve">\#(escape(value))</t></is></c>"#
            }
            text += "</row>"
        }
        text += "</sheetData></worksheet>"
        return xml(text)
    }

    /// `A`, `B`, … `Z`, `AA`, …
    static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    private static func xml(_ body: String) -> [UInt8] {
        Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8) + Array(body.utf8)
    }

    /// Text as XML character data: markup escaped, and the control characters XML 1.0 cannot hold
    /// (stored text may carry tabs and line breaks only) dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

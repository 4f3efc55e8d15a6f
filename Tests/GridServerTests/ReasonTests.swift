import Foundation
import GridCore
import Testing

@testable import GridServer

/// Refusals read in the page's language: every reason the code gives (a ``Reason`` literal where a
/// refusal is raised) has its Chinese in a reasons table, and that Chinese has no English sentence.
@Suite("Pages: refusal reasons in Chinese")
struct ReasonTests {
    @Test("a reason keeps its English template and arguments, and renders through a table")
    func rendering() {
        let limit = 9
        let what: Reason = "a reason"
        let reason: Reason = "\(what) is required (at most \(limit) photos)"
        #expect(reason.template == "{0} is required (at most {1} photos)")
        #expect(reason.description == "a reason is required (at most 9 photos)")
        #expect(reason.templates == ["{0} is required (at most {1} photos)", "a reason"])
        let chinese = [
            Reason.tableKey("{0} is required (at most {1} photos)"): "请填写{0}（最多 {1} 张照片）",
            Reason.tableKey("a reason"): "原因",
        ]
        #expect(reason.text(chinese) == "请填写原因（最多 9 张照片）")
        #expect(reason.text([:]) == reason.description, "a template without a translation reads as written")
    }

    @Test("every reason the code gives is in a reasons table, in Chinese without an English sentence")
    func everyReasonTranslated() throws {
        let chinese = try StringTables.load().chinese
        let english = try StringTables.load().english
        var checked = 0
        for (template, file) in try Self.templatesInSources() {
            let key = Reason.tableKey(template)
            guard let zh = chinese[key] else {
                Issue.record("\(file) gives the reason “\(template)”, which no reasons table translates")
                continue
            }
            #expect(english[key] == template)
            let rendered = Self.filled(zh)
            #expect(
                Self.englishSentence(in: rendered) == nil,
                "the Chinese of “\(template)” (\(file)) reads “\(rendered)”, with English in it")
            checked += 1
        }
        #expect(checked > 90, "the scan found only \(checked) reasons: has the way reasons are raised changed?")
    }

    @Test("the reasons of errors that carry their own render in Chinese")
    func typedErrors() throws {
        let chinese = try StringTables.load().chinese
        var reasons: [Reason] = [
            GeometryError.outOfRange(field: "lat", value: 91).reason,
            GeometryError.invalidGeoJSON("polygon has no rings").reason, GeometryError.ringTooShort(ring: 0).reason,
            CatalogueError.badHandler("x").reason,
        ]
        do { _ = try DepartmentCode("x") } catch { reasons.append(error.reason) }
        do { _ = try CalendarDay(checking: "x") } catch let error as CalendarDayError { reasons.append(error.reason) }
        for text in ["12a", "1", "003301", "330100000", "330106001001001"] {
            do { _ = try RegionCode(text) } catch { reasons.append(error.reason) }
        }
        for text in ["a\u{0}b", String(repeating: "长", count: 2001), ""] {
            do { _ = try TextRule.caseText.checked(text) } catch { reasons.append(error.reason) }
        }
        #expect(reasons.count >= 10)
        for reason in reasons {
            let text = reason.text(chinese)
            #expect(Self.englishSentence(in: text) == nil, "“\(reason)” reads “\(text)” in Chinese")
        }
    }

    /// Two English words in a row: what a reason left untranslated looks like (code names such as
    /// `GeoJSON`, `Authorization:` or `department:KEY` stand alone).
    static func englishSentence(in text: String) -> String? {
        text.range(of: #"[A-Za-z]{2,}[ ,]+[a-z]{2,}"#, options: .regularExpression).map { String(text[$0]) }
    }

    /// `{0}`, `{1}`, … filled with a digit, as arguments (numbers, codes) mostly are.
    static func filled(_ template: String) -> String {
        template.replacingOccurrences(of: #"\{[0-9]+\}"#, with: "7", options: .regularExpression)
    }

    /// The string literals raised as reasons: after `reason:`, `APIError.invalid(field, `,
    /// `message:` of an `APIError(…)`, `tooLarge:`, `requireNote(`, `invalidGeoJSON(`, `InvalidValue(`,
    /// an import problem's field, or in a `var reason: Reason { … }`. Interpolations become `{0}`, `{1}`, …
    static func templatesInSources() throws -> [(template: String, file: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let contexts = try NSRegularExpression(
            pattern:
                #"(?:reason:\s*|APIError\.invalid\((?:"[^"]*"|[^"()]|\([^()]*\))*?,\s*|APIError\([^";]*?message:\s*|invalidGeoJSON\(|requireNote\(|tooLarge:\s*|problems\.append\(\s*[\w.]+,\s*[^,]+,\s*|InvalidValue\()""#
        )
        var found: [(String, String)] = []
        var seen: Set<String> = []
        for layer in ["GridCore", "GridStore", "GridServer"] {
            let folder = root.appendingPathComponent(layer)
            let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
                // Backups speak to the county's IT staff on the command line, in English.
                .filter { !$0.path.contains("/Backup/") }
            for file in files {
                let text = Array(try String(contentsOf: file, encoding: .utf8).unicodeScalars)
                let string = String(String.UnicodeScalarView(text))
                var starts = contexts.matches(
                    in: string, range: NSRange(location: 0, length: (string as NSString).length)
                )
                .map { scalarOffset(of: $0.range.upperBound - 1, in: string) }
                starts += literalsInReasonProperties(text)
                for start in starts {
                    guard let template = template(of: text, at: start), seen.insert(template).inserted else { continue }
                    found.append((template, file.lastPathComponent))
                }
            }
        }
        return found
    }

    /// The unicode-scalar offset of a UTF-16 offset.
    static func scalarOffset(of utf16Offset: Int, in text: String) -> Int {
        let index = String.Index(utf16Offset: utf16Offset, in: text)
        return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
    }

    /// The starts of the string literals inside each `var reason: Reason { … }`.
    static func literalsInReasonProperties(_ text: [Unicode.Scalar]) -> [Int] {
        let marker = Array("var reason: Reason {".unicodeScalars)
        var starts: [Int] = []
        var index = 0
        while index + marker.count <= text.count {
            guard Array(text[index..<index + marker.count]) == marker else {
                index += 1
                continue
            }
            var depth = 0
            var position = index + marker.count - 1
            while position < text.count {
                switch text[position] {
                case "{": depth += 1
                case "}": depth -= 1
                case "\"":
                    starts.append(position)
                    position = literalEnd(of: text, at: position)
                    continue
                default: break
                }
                if depth == 0 { break }
                position += 1
            }
            index = position + 1
        }
        return starts
    }

    /// The template of the literal opening at `start` (a `"`), its escapes resolved and its
    /// interpolations numbered; nil for a multi-line literal.
    static func template(of text: [Unicode.Scalar], at start: Int) -> String? {
        guard start + 2 < text.count, !(text[start + 1] == "\"" && text[start + 2] == "\"") else { return nil }
        var result = ""
        var arguments = 0
        var position = start + 1
        while position < text.count {
            let scalar = text[position]
            if scalar == "\"" { return result }
            if scalar == "\\", position + 1 < text.count {
                let next = text[position + 1]
                if next == "(" {
                    position = interpolationEnd(of: text, at: position + 1)
                    result += "{\(arguments)}"
                    arguments += 1
                    continue
                }
                result.unicodeScalars.append(next == "n" ? "\n" : next == "t" ? "\t" : next)
                position += 2
                continue
            }
            result.unicodeScalars.append(scalar)
            position += 1
        }
        return nil
    }

    /// Just past the `)` that closes the `(` at `open`.
    static func interpolationEnd(of text: [Unicode.Scalar], at open: Int) -> Int {
        var depth = 0
        var position = open
        while position < text.count {
            if text[position] == "(" { depth += 1 }
            if text[position] == ")" {
                depth -= 1
                if depth == 0 { return position + 1 }
            }
            if text[position] == "\"" {
                position = literalEnd(of: text, at: position)
                continue
            }
            position += 1
        }
        return position
    }

    /// Just past the literal opening at `start`.
    static func literalEnd(of text: [Unicode.Scalar], at start: Int) -> Int {
        var position = start + 1
        while position < text.count {
            if text[position] == "\\" {
                if position + 1 < text.count, text[position + 1] == "(" {
                    position = interpolationEnd(of: text, at: position + 1)
                    continue
                }
                position += 2
                continue
            }
            if text[position] == "\"" { return position + 1 }
            position += 1
        }
        return position
    }
}

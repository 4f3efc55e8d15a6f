import Foundation
import Testing

@testable import GridServer

/// The strings tables against what uses them: every key a template or the Swift code looks up is
/// defined, once, in both languages; and the loader refuses a bad table naming its file and line.
@Suite("Pages: strings tables and templates")
struct StringTableTests {
    /// The tables as the server loads them (a duplicate key anywhere or a missing text throws).
    static func tables() throws -> StringTables { try StringTables.load() }

    @Test("the tables load: no key twice, every key in Chinese and English")
    func load() throws {
        let tables = try Self.tables()
        #expect(!tables.chinese.isEmpty)
        #expect(Set(tables.chinese.keys) == Set(tables.english.keys))
        #expect(tables.chinese.values.allSatisfy { !$0.isEmpty } && tables.english.values.allSatisfy { !$0.isEmpty })
        #expect(PageStrings.table(.zh) == tables.chinese && PageStrings.table(.en) == tables.english)
    }

    @Test("every {{t.key}} of every template is defined; every partial is a template")
    func templateKeys() throws {
        let tables = try Self.tables()
        let names = Set(PageTemplate.allCases.map(\.rawValue))
        var checked = 0
        for template in PageTemplate.allCases {
            let text = try PageResources.text(template.file)
            for key in Self.captures(#"\{\{\s*[#^/&{]?\s*t\.([A-Za-z0-9_]+)"#, in: text) {
                #expect(tables.chinese[key] != nil, "\(template.file) uses t.\(key), which no strings table defines")
                checked += 1
            }
            for partial in Self.captures(#"\{\{>\s*([A-Za-z0-9_]+)\s*\}\}"#, in: text) {
                #expect(names.contains(partial), "\(template.file) includes {{> \(partial)}}, which is no template")
            }
        }
        #expect(checked > 200, "the scan found only \(checked) keys: has the template syntax changed?")
    }

    /// Lookups from Swift: `strings["key"]`, `strings[x ? "a" : "b"]`, `strings["role_" + …]`,
    /// `PageStrings.table(language)["key"]`, and the keys passed as `forbiddenText:`,
    /// `notFoundText:` and `textKey:`. A literal ending in `_` or followed by an interpolation is
    /// a prefix, which some key must start with.
    @Test("every key the Swift code looks up by name is defined")
    func sourceKeys() throws {
        let tables = try Self.tables()
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/GridServer")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let lookups =
                Self.captures(#"(?:strings|PageStrings\.table\([^()]*\))\[([^\[\]]*)\]"#, in: text)
                + Self.captures(#"(?:forbiddenText|notFoundText|textKey): ("[^"]*")"#, in: text)
            for lookup in lookups {
                for (literal, isPrefix) in Self.literals(in: lookup) {
                    let known =
                        isPrefix
                        ? tables.chinese.keys.contains { $0.hasPrefix(literal) } : tables.chinese[literal] != nil
                    #expect(
                        known,
                        "\(file.lastPathComponent) looks up “\(literal)\(isPrefix ? "…" : "")”, which no strings table defines"
                    )
                    checked += 1
                }
            }
        }
        #expect(checked > 40, "the scan found only \(checked) lookups: has the lookup syntax changed?")
    }

    @Test("a duplicate key, a missing text, a bad line or a bad escape is refused with its file and line")
    func strictness() throws {
        let header = "key\tzh\ten\n"
        func refusal(_ text: String, after earlier: String? = nil) -> String? {
            var tables = StringTables()
            do {
                if let earlier { try tables.add(earlier, file: "first.tsv") }
                try tables.add(text, file: "second.tsv")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(header + "# a comment\n\nhello\t你好\thello\n") == nil)
        #expect(refusal(header + "hello\t你好\thello\r\nbye\t再见\tbye\r\n") == nil)
        #expect(
            refusal(header + "a\tx\ty\nb\tx\ty\na\tz\tw\n")?.hasPrefix(
                "second.tsv:4: the key “a” is already defined at second.tsv:2") == true)
        #expect(
            refusal(header + "a\tx\ty\n", after: header + "b\tx\ty\na\tx\ty\n")?.hasPrefix(
                "second.tsv:2: the key “a” is already defined at first.tsv:3") == true)
        #expect(refusal(header + "a\tx\t\n")?.hasPrefix("second.tsv:2: the key “a” has no en text") == true)
        #expect(refusal(header + "a\t\ty\n")?.hasPrefix("second.tsv:2: the key “a” has no zh text") == true)
        #expect(refusal(header + "a\tx\n")?.hasPrefix("second.tsv:2: 2 tab-separated fields") == true)
        #expect(refusal(header + "a\tx\ty\tz\n")?.hasPrefix("second.tsv:2: 4 tab-separated fields") == true)
        #expect(refusal(header + "A b\tx\ty\n")?.hasPrefix("second.tsv:2: the key “A b”") == true)
        #expect(refusal(header + "a\tx\\q\ty\n")?.hasPrefix("second.tsv:2: unknown escape") == true)
        #expect(refusal(header + "a\tx\ty\\\n")?.hasPrefix("second.tsv:2: a lone") == true)
        #expect(refusal("key,zh,en\n")?.hasPrefix("second.tsv:1: the first line must be the header") == true)
    }

    @Test("escapes stand for a tab, a newline and a backslash")
    func escapes() throws {
        var tables = StringTables()
        try tables.add("key\tzh\ten\na\t一\\t二\\n三\\\\\tone\n", file: "t.tsv")
        #expect(tables.chinese["a"] == "一\t二\n三\\" && tables.english["a"] == "one")
    }

    @Test("a missing page file is refused with its name")
    func missingFile() {
        #expect(throws: PageResourceError.self) { try PageResources.text("no-such-template.mustache") }
        do {
            _ = try PageResources.text("no-such-template.mustache")
        } catch {
            #expect(error.description.hasPrefix("no-such-template.mustache: missing"))
        }
    }

    /// The first capture group of every match of `pattern` in `text`.
    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The key-like string literals in a lookup's brackets: `"key"` is a key; `"key_"` or
    /// `"key_\(…)"` is a prefix.
    static func literals(in lookup: String) -> [(String, Bool)] {
        guard let regex = try? NSRegularExpression(pattern: #""([a-z0-9_]+)(\\\(|")"#) else { return [] }
        let range = NSRange(lookup.startIndex..., in: lookup)
        return regex.matches(in: lookup, range: range).compactMap { match in
            guard let key = Range(match.range(at: 1), in: lookup), let end = Range(match.range(at: 2), in: lookup)
            else { return nil }
            let literal = String(lookup[key])
            return (literal, lookup[end] != "\"" || literal.hasSuffix("_"))
        }
    }
}

import GridCore

/// Every string the pages show, in Simplified Chinese (the default) and English (`?lang=en`, remembered in a cookie).
enum PageLanguage: String, Sendable {
    case zh = "zh-CN"
    case en

    static let cookieName = "gridgov_lang"

    /// The language of GridCore's workflow names (states, actions, posts) on a page in this language.
    var workflowLanguage: WorkflowLanguage {
        switch self {
        case .zh: .zh
        case .en: .en
        }
    }

    /// `?lang=` wins, then the cookie, then Chinese.
    static func of(query: String?, cookie: String?) -> PageLanguage {
        for candidate in [query, cookie] {
            switch candidate?.lowercased() {
            case "en": return .en
            case "zh", "zh-cn": return .zh
            default: continue
            }
        }
        return .zh
    }
}

/// The pages' words in both languages, merged from every feature's table (see ``StringTables``).
enum PageStrings {
    /// Read once, on first use; ``PageRenderer`` asks first, so a bad table stops the start.
    static let loaded = Result { () throws(PageResourceError) in try StringTables.load() }

    /// The merged table of `language`. Empty only if the tables failed to load, which stops the
    /// start before any page is rendered.
    static func table(_ language: PageLanguage) -> [String: String] {
        (try? loaded.get())?.table(language) ?? [:]
    }
}

/// The pages' strings, one bilingual table per feature in `<Feature>/Strings/<feature>.tsv`, so a
/// translator edits each key's Chinese and English side by side without Swift.
///
/// A feature's reasons table (`<feature>-reasons.tsv`) translates the ``Reason``s its refusals
/// give: the header `en⇥zh`, then a reason's English template (`at most {0} photos`) and its
/// Chinese (`最多 {0} 张照片`).
///
/// Format (UTF-8): the header line `key⇥zh⇥en`, then one key a line: the key (lower-case letters,
/// digits, `_`), a tab, the Chinese text, a tab, the English text. Blank lines and lines starting
/// with `#` are comments. In a text, `\t`, `\n` and `\\` stand for a tab, a newline and a
/// backslash; no other backslash is allowed. A key defined twice (in one file or across files), an
/// empty text or any other line stops the start with the file and line.
struct StringTables: Sendable {
    /// The tables, in the order they are read.
    static let files = ServerFeatures.all.flatMap(\.strings)
    static let header = "key\tzh\ten"
    /// The header of a reasons table: a refusal's English template (a ``Reason``), then its Chinese.
    static let reasonsHeader = "en\tzh"

    private(set) var chinese: [String: String] = [:]
    private(set) var english: [String: String] = [:]
    /// Where each key is defined, to name both places of a duplicate.
    private(set) var origins: [String: String] = [:]

    func table(_ language: PageLanguage) -> [String: String] {
        language == .en ? english : chinese
    }

    /// Every table of ``files``, from the GridServer resources.
    static func load() throws(PageResourceError) -> StringTables {
        var tables = StringTables()
        for file in files { try tables.add(PageResources.text(file), file: file) }
        return tables
    }

    /// Adds the table `text`, read from `file`.
    mutating func add(_ text: String, file: String) throws(PageResourceError) {
        // Line ends may be \n or \r\n (one Character in Swift), and a byte-order mark may lead.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last == "" { lines.removeLast() }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        let isReasons = lines.first.map(String.init) == Self.reasonsHeader
        guard isReasons || lines.first.map(String.init) == Self.header else {
            throw PageResourceError(
                file: file, line: 1, "the first line must be the header “key⇥zh⇥en” (or “en⇥zh” for reasons)")
        }
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == (isReasons ? 2 : 3) else {
                throw PageResourceError(
                    file: file, line: number,
                    "\(fields.count) tab-separated fields, expected " + (isReasons ? "2: en, zh" : "3: key, zh, en"))
            }
            let key: String
            if isReasons {
                key = Reason.tableKey(String(fields[0]))
            } else {
                key = String(fields[0])
                guard !key.isEmpty, key.unicodeScalars.allSatisfy({ Self.keyCharacters.contains($0) }) else {
                    throw PageResourceError(
                        file: file, line: number, "the key “\(key)” is not lower-case letters, digits and _")
                }
            }
            if let first = origins[key] {
                throw PageResourceError(file: file, line: number, "the key “\(key)” is already defined at \(first)")
            }
            let zh = try Self.text(fields[1], language: "zh", key: key, file: file, line: number)
            let en = try Self.text(fields[isReasons ? 0 : 2], language: "en", key: key, file: file, line: number)
            chinese[key] = zh
            english[key] = en
            origins[key] = "\(file):\(number)"
        }
    }

    private static let keyCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_".unicodeScalars)

    /// One language's text with its escapes resolved; empty is an error (the language lacks it).
    private static func text(_ field: Substring, language: String, key: String, file: String, line: Int)
        throws(PageResourceError) -> String
    {
        guard !field.isEmpty else {
            throw PageResourceError(file: file, line: line, "the key “\(key)” has no \(language) text")
        }
        var text = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": text.append("\t")
                case "n": text.append("\n")
                case "\\": text.append("\\")
                default:
                    throw PageResourceError(
                        file: file, line: line, "unknown escape “\\\(character)” in the \(language) text of “\(key)”")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                text.append(character)
            }
        }
        guard !escaping else {
            throw PageResourceError(file: file, line: line, "a lone “\\” ends the \(language) text of “\(key)”")
        }
        return text
    }
}

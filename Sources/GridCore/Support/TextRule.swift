import Foundation

/// The rule every field of free text follows — descriptions, notes, addresses, names — so that a
/// limit means the same everywhere: length counts Unicode code points, not grapheme clusters (one
/// letter carrying a million combining accents is one cluster and a megabyte), so 2,000 characters
/// of Chinese stay 2,000; and control characters (NUL, terminal escapes, …) are refused, except
/// line breaks and tabs in text that may run over several lines.
public struct TextRule: Sendable, Hashable {
    /// How many code points the text may have once trimmed.
    public var length: ClosedRange<Int>
    /// Whether line breaks and tabs are allowed.
    public var multiline: Bool

    public init(length: ClosedRange<Int>, multiline: Bool = false) {
        self.length = length
        self.multiline = multiline
    }

    /// A case's description or a remark on it.
    public static let caseText = TextRule(length: 1...2000, multiline: true)
    /// A note on an action, which some actions require.
    public static let actionNote = TextRule(length: 0...2000, multiline: true)
    /// A display name of a person, a department, a category, a token.
    public static let name = TextRule(length: 1...64)

    /// `text` without surrounding white space and with its line breaks as `\n` (browsers send
    /// `\r\n`), or why it breaks the rule.
    /// White space trimmed from the ends: not a control character other than a line break or tab
    /// (U+0085 counts as a newline to Foundation, and must be refused rather than trimmed away).
    private static let trimmed = CharacterSet.whitespacesAndNewlines.subtracting(.controlCharacters)
        .union(CharacterSet(charactersIn: "\n\r\t"))

    public func checked(_ text: String) throws(TextRuleViolation) -> String {
        var kept = String.UnicodeScalarView()
        var count = 0
        var afterCarriageReturn = false
        for scalar in text.trimmingCharacters(in: Self.trimmed).unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            let isLineBreakOrTab = scalar == "\n" || scalar == "\r" || scalar == "\t"
            if multiline, isLineBreakOrTab {
                if scalar == "\n", afterCarriageReturn { continue }  // the \r of a \r\n was kept as \n
                kept.append(scalar == "\t" ? "\t" : "\n")
            } else {
                guard scalar.properties.generalCategory != .control else {
                    throw TextRuleViolation(
                        reason: "must not contain control characters (found \(Self.codePointName(scalar)))")
                }
                kept.append(scalar)
            }
            count += 1
            // Stop reading a huge text as soon as it is too long.
            guard count <= length.upperBound else { throw lengthViolation }
        }
        guard length.contains(count) else { throw lengthViolation }
        return String(kept)
    }

    /// The first `limit` code points of `text`, and "…" when there was more: a summary in a list
    /// stays short whatever the text is made of.
    public static func summary(of text: String, codePoints limit: Int) -> String {
        var scalars = text.unicodeScalars.prefix(limit + 1).map { $0 }
        guard scalars.count > limit else { return text }
        scalars.removeLast()
        return String(String.UnicodeScalarView(scalars)) + "…"
    }

    private var lengthViolation: TextRuleViolation {
        let most = Self.grouped(length.upperBound)
        if length.lowerBound == 0 { return TextRuleViolation(reason: "must have at most \(most) characters") }
        return TextRuleViolation(reason: "must have \(Self.grouped(length.lowerBound)) to \(most) characters")
    }

    /// `2000` as `2,000`, as the messages write numbers.
    private static func grouped(_ number: Int) -> String {
        let digits = String(number)
        return digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
        }.joined()
    }

    /// `U+0000`.
    private static func codePointName(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// Why a text breaks its ``TextRule``; the field is named by whoever checked it.
public struct TextRuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: Reason
    public var description: String { reason.description }
}

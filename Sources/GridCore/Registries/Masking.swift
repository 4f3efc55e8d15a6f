/// How identity numbers and phones are shown to everyone who may not reveal them: enough to tell
/// two people apart on a list, not enough to call or impersonate them.
public enum Masking {
    /// `3301**********1234`: the first four and the last four characters.
    public static func identity(_ text: String) -> String {
        keep(text, first: 4, last: 4)
    }

    /// `138****5678` for a mobile; a landline keeps its last four digits (`****5678`).
    public static func phone(_ text: String) -> String {
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        if digits.count == 11, digits.hasPrefix("1") { return keep(digits, first: 3, last: 4) }
        return keep(digits, first: 0, last: 4)
    }

    private static func keep(_ text: String, first: Int, last: Int) -> String {
        let characters = Array(text)
        guard characters.count > first + last else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(first)) + String(repeating: "*", count: characters.count - first - last)
            + String(characters.suffix(last))
    }
}

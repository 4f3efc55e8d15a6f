/// What an operator types in the queue's search box (the API's `q`), read the way hotline staff
/// use it: a case number or a phone number, whole or only its last digits as a caller reads them
/// out (`0042`, `1122-0042`, `138 0013 8000`), or words of the description or the address.
public enum CaseSearch: Sendable, Equatable {
    /// Digits (dashes and spaces dropped): matches a case number or a reporter's phone that ends in them.
    case tail(String)
    /// Matches cases whose description or address contains the words.
    case words(String)

    /// Fewer digits than this are read as words: `12` would match a tenth of all cases.
    public static let shortestTail = 3

    public init?(_ text: String) {
        let trimmed = text.trimmingPrefix(while: \.isWhitespace)
        guard !trimmed.isEmpty else { return nil }
        let digits = String(trimmed.filter { $0 != "-" && $0 != " " })
        let isTail =
            digits.count >= Self.shortestTail && digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        self = isTail ? .tail(digits) : .words(String(trimmed))
    }

    /// The key a number or phone is found by: its digits reversed, so that a number's last digits
    /// are a prefix of its key and an ordinary index finds them.
    public static func tailKey(_ text: String) -> String {
        String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.reversed().map(Character.init))
    }

    /// The keys from `prefix` (inclusive) to the returned bound (exclusive) all start with `prefix`;
    /// `nil` when no bound is needed (a prefix of nines). Keys are digits only, so this holds in
    /// any collation.
    public static func upperBound(ofPrefix prefix: String) -> String? {
        var digits = Array(prefix.unicodeScalars)
        while let last = digits.last {
            if last == "9" {
                digits.removeLast()
            } else {
                digits[digits.count - 1] = Unicode.Scalar(last.value + 1) ?? last
                return String(String.UnicodeScalarView(digits))
            }
        }
        return nil
    }
}

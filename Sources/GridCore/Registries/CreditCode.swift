/// 统一社会信用代码 (GB 32100-2015): eighteen characters from the digits and the upper-case
/// letters without I, O, S, V and Z — the registering authority, the organisation's type, the
/// six-digit region code, the nine-character organisation code and a check character (weighted
/// MOD 31).
public struct CreditCode: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ text: String) throws(InvalidValue) {
        let characters = Array(text.halfWidth.filter { $0 != " " }.uppercased().unicodeScalars)
        guard characters.count == 18 else {
            throw InvalidValue("a unified social credit code has 18 characters")
        }
        var values: [Int] = []
        for character in characters {
            guard let value = Self.alphabet.firstIndex(of: character) else {
                throw InvalidValue("'\(Character(character))' cannot be in a unified social credit code")
            }
            values.append(value)
        }
        let check = Self.checkValue(values.prefix(17))
        guard values[17] == check else {
            throw InvalidValue(
                "the check character of this unified social credit code should be \(Character(Self.alphabet[check]))")
        }
        self.text = String(String.UnicodeScalarView(characters))
    }

    static func checkValue(_ values: ArraySlice<Int>) -> Int {
        let sum = zip(values, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        return (31 - sum % 31) % 31
    }

    /// The first seventeen characters with their check character appended (for generated data).
    public static func completing(_ seventeen: String) -> String? {
        let values = seventeen.unicodeScalars.compactMap { alphabet.firstIndex(of: $0) }
        guard values.count == 17, seventeen.unicodeScalars.count == 17 else { return nil }
        return seventeen + String(Character(alphabet[checkValue(values[...])]))
    }

    /// The six-digit region code inside the credit code.
    public var region: String { String(text.dropFirst(2).prefix(6)) }

    public var description: String { text }
}

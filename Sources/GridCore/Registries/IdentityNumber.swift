/// 公民身份号码 (GB 11643-1999): a six-digit address code, the birth date as eight digits, a
/// three-digit sequence (odd for men, even for women) and a check character (ISO 7064 MOD 11-2,
/// `X` for ten). The old fifteen-digit numbers (two-digit year, no check character) are read and
/// written in the eighteen-digit form they were upgraded to.
public struct IdentityNumber: Sendable, Hashable, CustomStringConvertible {
    public enum Sex: String, Sendable, Hashable {
        case male, female
    }

    /// The eighteen characters, `X` upper-case.
    public let text: String
    public let birthDate: CalendarDay
    public let sex: Sex

    /// `text` read as an identity number: spaces dropped, full-width digits and a lower-case `x`
    /// accepted; the birth date must be a real day from 1900 on and not after `latest` (today).
    public init(_ text: String, latest: CalendarDay? = nil) throws(InvalidValue) {
        var characters = Array(text.halfWidth.filter { $0 != " " }.uppercased().unicodeScalars)
        guard characters.count == 18 || characters.count == 15 else {
            throw InvalidValue("an identity number has 18 characters (or the old 15 digits)")
        }
        let digitCount = characters.count == 18 ? 17 : 15
        guard characters.prefix(digitCount).allSatisfy({ ("0"..."9").contains($0) }) else {
            throw InvalidValue("an identity number is digits, with an X only at the end")
        }
        if characters.count == 15 {
            characters.insert(contentsOf: "19".unicodeScalars, at: 6)
            characters.append(Self.checkCharacter(of: characters))
        } else {
            let expected = Self.checkCharacter(of: Array(characters.prefix(17)))
            guard characters[17] == expected else {
                throw InvalidValue("the check character of this identity number should be \(Character(expected))")
            }
        }
        let digits = characters.prefix(17).map { Int($0.value) - 48 }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        guard let born = CalendarDay(year: number(6..<10), month: number(10..<12), day: number(12..<14)),
            number(6..<10) >= 1900, latest.map({ born <= $0 }) ?? true
        else {
            throw InvalidValue("the birth date in this identity number is not a real day")
        }
        self.text = String(String.UnicodeScalarView(characters))
        birthDate = born
        sex = digits[16] % 2 == 1 ? .male : .female
    }

    /// The six-digit code of the county (or city) where the number was issued.
    public var issuingRegion: String { String(text.prefix(6)) }

    /// `3301**********1234`: the form everyone sees unless they may reveal it.
    public var masked: String { Masking.identity(text) }

    public var description: String { masked }

    /// The first seventeen digits with their check character appended (for generated data).
    public static func completing(_ seventeen: String) -> String? {
        let digits = Array(seventeen.unicodeScalars)
        guard digits.count == 17, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return seventeen + String(Character(checkCharacter(of: digits)))
    }

    /// ISO 7064 MOD 11-2 over the first seventeen digits.
    static func checkCharacter(of digits: [Unicode.Scalar]) -> Unicode.Scalar {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + (Int($1.0.value) - 48) * $1.1 }
        return Array("10X98765432".unicodeScalars)[sum % 11]
    }
}

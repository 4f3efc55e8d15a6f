/// Free-text addresses as people write them, read into the levels of the standard address tree:
/// `西湖区文新街道翠苑社区文三路１２号三幢2单元501` → regions 西湖区, 文新街道, 翠苑社区; place
/// 文三路12号; building 3; unit 2; room 501.
///
/// Normalising first makes the ways of writing one address one text: full-width digits and
/// letters, Chinese numerals before 幢/栋/单元/楼, the words for a building (幢, 栋, 座, 号楼), a
/// room written as `501室`, `501号` or a bare `501` after a unit, spaces and punctuation.
public enum AddressText {
    /// What a free-text address names, level by level; `nil` where it says nothing.
    public struct Parts: Sendable, Equatable {
        /// The region names it starts with, in order (`西湖区`, `文新街道`).
        public var regions: [String] = []
        /// The place (road and door number, or compound), normalised.
        public var place: String?
        public var building: Int?
        public var unit: Int?
        public var room: String?

        public init(
            regions: [String] = [], place: String? = nil, building: Int? = nil, unit: Int? = nil, room: String? = nil
        ) {
            self.regions = regions
            self.place = place
            self.building = building
            self.unit = unit
            self.room = room
        }
    }

    /// `text` with one spelling for each thing: half-width, no spaces or punctuation, Arabic
    /// numbers before 幢/单元/楼/号, `幢` for every word for a building, `号` after a road's number.
    public static func normalised(_ text: String) -> String {
        // A road's number ended by a space (`文三路12 3幢`) is a door number: mark it before spaces go.
        let spaced = doorNumbers(in: text.halfWidth, endedBySpace: true)
        var scalars = Array(spaced.unicodeScalars.filter { !ignored.contains($0) })
        scalars = Array(arabicNumerals(in: String(String.UnicodeScalarView(scalars))).unicodeScalars)
        var result = String(String.UnicodeScalarView(scalars))
        for (variant, canonical) in [("号楼", "幢"), ("栋", "幢"), ("座", "幢"), ("单元号", "单元"), ("号房", "室")] {
            result = result.replacing(variant, with: canonical)
        }
        return doorNumbers(in: result, endedBySpace: false)
    }

    /// `text` read into its levels. `regionNames` are the names of the regions it may start with
    /// (the county's tree); the longest that leads the text is taken off, repeatedly.
    public static func parts(_ text: String, regionNames: Set<String>) -> Parts {
        parts(
            text,
            normalisedRegionNames: regionNames.map(normalised).filter { !$0.isEmpty }.sorted { $0.count > $1.count })
    }

    /// ``parts(_:regionNames:)`` with the names normalised and longest first already (a matcher
    /// does that once, not for every address).
    static func parts(_ text: String, normalisedRegionNames names: [String]) -> Parts {
        var rest = Substring(normalised(text))
        var parts = Parts()
        while let name = names.first(where: { rest.hasPrefix($0) }) {
            parts.regions.append(name)
            rest = rest.dropFirst(name.count)
        }
        // From the end: room, unit, building (plain scanning: this runs for every address matched).
        if let (before, room) = trailingNumber(rest, suffix: "室") {
            parts.room = room
            rest = before
            if let (before, unit) = trailingNumber(rest, suffix: "单元") {
                parts.unit = Int(unit)
                rest = before
            }
        } else if let (withUnit, room) = trailingNumber(rest.hasSuffix("号") ? rest.dropLast() : rest, suffix: ""),
            let (before, unit) = trailingNumber(withUnit, suffix: "单元")
        {
            parts.unit = Int(unit)
            parts.room = room
            rest = before
        } else if let (before, unit) = trailingNumber(rest, suffix: "单元") {
            parts.unit = Int(unit)
            rest = before
        }
        if let (before, building) = trailingNumber(rest, suffix: "幢") {
            parts.building = Int(building)
            rest = before
        }
        // `12号3-2-501`: building, unit and room by dashes after a door number.
        if parts.building == nil, parts.unit == nil, parts.room == nil,
            let (a, room) = trailingNumber(rest, suffix: ""), a.hasSuffix("-"),
            let (b, unit) = trailingNumber(a.dropLast(), suffix: ""), b.hasSuffix("-"),
            let (c, building) = trailingNumber(b.dropLast(), suffix: ""), c.hasSuffix("号")
        {
            parts.building = Int(building)
            parts.unit = Int(unit)
            parts.room = room
            rest = c
        }
        parts.place = rest.isEmpty ? nil : String(rest)
        return parts
    }

    /// `text` ending in digits then `suffix`: what comes before, and the digits.
    private static func trailingNumber(_ text: Substring, suffix: String) -> (Substring, String)? {
        guard text.hasSuffix(suffix) else { return nil }
        let body = text.dropLast(suffix.count)
        let digits = body.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return (body.dropLast(digits.count), String(digits.reversed()))
    }

    private static let ignored: Set<Unicode.Scalar> = Set(" \t\r\n,，.。、;；:：()（）[]【】\"“”'‘’·".unicodeScalars)

    static let roadEndings: Set<Character> = ["路", "街", "巷", "弄", "道"]

    /// `路12` and `路12号` alike: a road, street or lane's number gets its 号 — when nothing that
    /// names it follows (号, 幢, 单元, 室, more digits), or, with `endedBySpace`, when a space ends it.
    private static func doorNumbers(in text: String, endedBySpace: Bool) -> String {
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count + 3)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            result.append(character)
            index += 1
            guard roadEndings.contains(character) else { continue }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            guard end > index else { continue }
            result += String(characters[index..<end])
            let next = end < characters.count ? characters[end] : nil
            let named = next.map { "号幢单室".contains($0) } ?? false
            if endedBySpace {
                if let next, next == " " || next == "\u{3000}" { result += "号" }
            } else if !named {
                result += "号"
            }
            index = end
        }
        return result
    }

    /// Chinese numerals written before 幢, 单元, 楼, 层, 室 or 号 as Arabic ones (`三幢` → `3幢`, `十二单元`
    /// → `12单元`).
    static func arabicNumerals(in text: String) -> String {
        let units: Set<String> = ["幢", "栋", "座", "单元", "楼", "层", "室", "号"]
        var result = ""
        var run = ""
        var characters = Array(text)
        characters.append("\u{0}")
        for (index, character) in characters.enumerated() {
            if digitValue[character] != nil {
                run.append(character)
                continue
            }
            if !run.isEmpty {
                let following = String(characters[index..<min(characters.count, index + 2)])
                if units.contains(where: { following.hasPrefix($0) }), let value = chineseNumber(run) {
                    result += String(value)
                } else {
                    result += run
                }
                run = ""
            }
            if character != "\u{0}" { result.append(character) }
        }
        return result
    }

    private static let digitValue: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        "十": 10, "百": 100,
    ]

    /// `十二` → 12, `二十` → 20, `一百零五` → 105; nil for what is no number.
    static func chineseNumber(_ text: String) -> Int? {
        var total = 0
        var current = 0
        for character in text {
            guard let value = digitValue[character] else { return nil }
            if value >= 10 {
                total += max(current, 1) * value
                current = 0
            } else {
                current = current * (text.count > 1 && !text.contains("十") && !text.contains("百") ? 10 : 1) + value
            }
        }
        return total + current
    }
}

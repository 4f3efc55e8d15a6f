import GridCore
import Testing

@Suite("Text rules")
struct TextRuleTests {
    @Test("a control character at either end is refused, not trimmed away; white space and line breaks are trimmed")
    func controlCharactersAtTheEnds() throws {
        let rule = TextRule(length: 0...200)
        for text in ["垃圾\u{85}", "\u{85}垃圾", "垃圾\u{1B}"] {
            #expect(throws: TextRuleViolation.self) { try rule.checked(text) }
        }
        #expect(try rule.checked(" \n垃圾\t\r\n ") == "垃圾")
    }
}

import GridCore
import Testing

/// The canonical JSON text is what journal entries are hashed over: it must never change.
@Suite("Canonical JSON")
struct JSONValueTests {
    @Test(
        "keys sorted by UTF-8, integers without a fraction, quotes, backslashes and control characters escaped, the rest as is"
    )
    func canonicalText() {
        let value: JSONValue = [
            "b": [1, 2.5, true, nil], "a": "引号\"反斜杠\\换行\n回车\r制表\t\u{01}😀", "A": ["z": -3, "y": "x"],
        ]
        #expect(
            value.canonicalText == #"{"A":{"y":"x","z":-3},"a":"引号\"反斜杠\\换行\n回车\r制表\t\u0001😀","b":[1,2.5,true,null]}"#)
        #expect(JSONValue.number(0.1).canonicalText == "0.1" && JSONValue.number(.nan).canonicalText == "null")
    }
}

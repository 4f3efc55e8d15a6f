import Foundation
import GridCore
import GridStore
import Testing

/// Identity numbers and phones sealed at rest: the sealed form holds nothing readable, names its
/// key so a rotated ring still opens it, and the blind index finds equal values without the key.
@Suite("Registries: protected fields")
struct ProtectedFieldsTests {
    static let first = try! ProtectedFields.Key(id: "k1", secret: Array(repeating: 7, count: 32))
    static let second = try! ProtectedFields.Key(id: "k2", secret: Array(repeating: 9, count: 32))

    @Test("sealed values open again and show nothing of the clear text")
    func sealing() throws {
        let fields = ProtectedFields(current: Self.first)
        let clear = "11010519491231002X"
        let sealed = try fields.seal(clear)
        #expect(sealed.hasPrefix("v1:k1:") && !sealed.contains(clear) && !sealed.contains("491231"))
        #expect(try fields.open(sealed) == clear)
        #expect(try fields.seal(clear) != sealed, "a fresh nonce each time: equal values do not look equal")
        // One bit of the ciphertext changed (in the bytes: a base64 character may carry unused bits).
        var bytes = try #require(Data(base64Encoded: String(sealed.dropFirst("v1:k1:".count))))
        bytes[20] ^= 1
        #expect(throws: (any Error).self) { try fields.open("v1:k1:" + bytes.base64EncodedString()) }
    }

    @Test("after a rotation the old key still opens; an unknown key is named")
    func rotation() throws {
        let old = try ProtectedFields(current: Self.first).seal("13800138000")
        let rotated = ProtectedFields(current: Self.second, previous: [Self.first], indexKey: Self.first)
        #expect(try rotated.open(old) == "13800138000")
        #expect(try rotated.seal("13800138000").hasPrefix("v1:k2:"))
        do {
            _ = try ProtectedFields(current: Self.second).open(old)
            Issue.record("a value sealed with an unconfigured key opened")
        } catch {
            #expect("\(error)".contains("key k1"))
        }
    }

    @Test("the blind index is stable for a value, differs between values and keys, and says nothing of the value")
    func blindIndex() {
        let fields = ProtectedFields(current: Self.first)
        let index = fields.blindIndex("11010519491231002X")
        #expect(index.count == 32 && index == fields.blindIndex("11010519491231002X"))
        #expect(index != fields.blindIndex("330106199003071236"))
        #expect(index != ProtectedFields(current: Self.second).blindIndex("11010519491231002X"))
        #expect(
            ProtectedFields(current: Self.second, previous: [Self.first], indexKey: Self.first).blindIndex(
                "11010519491231002X") == index, "rows keep being found through a rotation")
    }

    @Test("keys come as 64 hex digits or base64 of 32 bytes, named by fingerprint; anything else is refused")
    func keys() throws {
        let hex = String(repeating: "0a", count: 32)
        let fromHex = try ProtectedFields.key(text: hex)
        #expect(fromHex.id.count == 8 && fromHex.id.allSatisfy(\.isHexDigit))
        #expect(try ProtectedFields.key(text: Data(repeating: 10, count: 32).base64EncodedString()).id == fromHex.id)
        #expect(try ProtectedFields.key(text: String(repeating: "0b", count: 32)).id != fromHex.id)
        #expect(throws: InvalidValue.self) { try ProtectedFields.key(text: "short") }
        #expect(throws: InvalidValue.self) {
            try ProtectedFields.Key(id: "k 1", secret: Array(repeating: 1, count: 32))
        }
        #expect(throws: InvalidValue.self) { try ProtectedFields.Key(id: "k1", secret: [1, 2, 3]) }
    }
}

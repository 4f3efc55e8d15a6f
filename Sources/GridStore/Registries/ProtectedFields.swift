import Crypto
import Foundation
import GridCore

/// Identity numbers and phones at rest: sealed with AES-GCM under a key that never enters the
/// database, and found again through a keyed blind index, so a copied database file, backup, WAL
/// or log holds neither in clear.
///
/// One secret (32 bytes, from configuration or a key file) gives two keys by HKDF-SHA256: one
/// seals, one indexes. A sealed value names the key it was sealed with (`v1:<key id>:<base64>`),
/// so a ring of old keys still opens what was sealed before a rotation. `gridgov protection rekey`
/// reseals every value and rebuilds every blind index under a new key in one transaction; a key
/// file's id is its fingerprint, so two key files never pass for one another.
public struct ProtectedFields: Sendable {
    public struct Key: Sendable {
        /// Short and public: which secret sealed a value.
        public let id: String
        // Kept as bytes (SymmetricKey is not Sendable); a key is made from them for each use.
        private let sealingBytes: [UInt8]
        private let indexingBytes: [UInt8]
        fileprivate var sealing: SymmetricKey { SymmetricKey(data: sealingBytes) }
        fileprivate var indexing: SymmetricKey { SymmetricKey(data: indexingBytes) }

        /// `secret` must be 32 bytes of random data.
        public init(id: String, secret: [UInt8]) throws(InvalidValue) {
            guard secret.count == 32 else { throw InvalidValue("a protection key is 32 bytes, found \(secret.count)") }
            guard !id.isEmpty, id.count <= 16, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw InvalidValue("a protection key's id is 1 to 16 letters or digits")
            }
            self.id = id
            let master = SymmetricKey(data: secret)
            func derived(_ purpose: String) -> [UInt8] {
                HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data(purpose.utf8), outputByteCount: 32)
                    .withUnsafeBytes { Array($0) }
            }
            sealingBytes = derived("gridgov seal v1")
            indexingBytes = derived("gridgov blind index v1")
        }
    }

    /// The key new values are sealed with.
    public let current: Key
    /// Keys that still open older values.
    public let previous: [Key]
    /// The key whose blind index the rows carry.
    private let indexKey: Key

    public init(current: Key, previous: [Key] = [], indexKey: Key? = nil) {
        self.current = current
        self.previous = previous
        self.indexKey = indexKey ?? current
    }

    /// `text` sealed: `v1:<key id>:<base64 of nonce, ciphertext and tag>`.
    public func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: current.sealing)
        guard let combined = box.combined else { throw InvalidValue("the value could not be sealed") }
        return "v1:\(current.id):" + combined.base64EncodedString()
    }

    /// What ``seal(_:)`` sealed, with whichever key of the ring sealed it.
    public func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let bytes = Data(base64Encoded: parts[2]) else {
            throw InvalidValue("a protected value is damaged")
        }
        guard let key = ([current] + previous).first(where: { $0.id == parts[1] }) else {
            throw InvalidValue("a protected value was sealed with key \(parts[1]), which is not configured")
        }
        let clear = try AES.GCM.open(try AES.GCM.SealedBox(combined: bytes), using: key.sealing)
        return String(decoding: clear, as: UTF8.self)
    }

    /// The keyed index a normalised value is found by (HMAC-SHA256, 128 bits as hex): equal values
    /// give equal indexes, and without the key the index says nothing about the value.
    public func blindIndex(_ normalised: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: indexKey.indexing)
        return Hex.lowercase(code.prefix(16))
    }

    /// A key from its file: 64 hex digits or 44 base64 characters (a trailing newline allowed),
    /// named by its fingerprint.
    public static func key(file: String) throws -> Key {
        let text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try key(text: text)
    }

    public static func key(text: String) throws(InvalidValue) -> Key {
        let secret: [UInt8]
        if text.count == 64, let bytes = hexBytes(text) {
            secret = bytes
        } else if let data = Data(base64Encoded: text) {
            secret = Array(data)
        } else {
            throw InvalidValue("a protection key is 64 hex digits or 32 bytes in base64")
        }
        let fingerprint = SHA256.hash(data: Data("gridgov key id".utf8) + secret).prefix(4)
        return try Key(id: Hex.lowercase(fingerprint), secret: secret)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

import Crypto
import Foundation
import HummingbirdBcrypt

/// Password hashing (bcrypt) and random secrets for sessions and API tokens.
public enum Secrets {
    /// bcrypt cost 10: about 60 ms a check here, slow for a guesser, bearable for a login.
    static let bcryptCost: UInt8 = 10

    public static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: bcryptCost)
    }

    public static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// A random secret: 32 bytes from the system's generator, URL-safe base64, with a readable prefix.
    public static func newToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
        return prefix + text
    }

    /// A code a resident can copy by hand: 12 characters of Crockford base 32 (no I, L, O, U; 60
    /// random bits) in groups of four, e.g. `K7M2-Q9XP-3HBD`. It only opens one case, together with
    /// that case's number, so its length is a balance between guessing and writing it down.
    public static func newTrackingCode() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// A tracking code as a resident may retype it — any case, spaces or dashes anywhere, O for 0,
    /// I or L for 1 (Crockford's reading) — in the form it was issued: `K7M2-Q9XP-3HBD`.
    public static func normalizedTrackingCode(_ typed: String) -> String {
        let characters = typed.uppercased().compactMap { character -> Character? in
            switch character {
            case " ", "-", "\t", "\u{3000}": nil
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
        }
        guard characters.count == 12 else { return String(characters) }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// Secrets are stored only as their SHA-256: a stolen database does not log anyone in.
    public static func digest(_ token: String) -> String { Journal.sha256Hex(token) }
}

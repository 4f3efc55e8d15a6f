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
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Secrets are stored only as their SHA-256: a stolen database does not log anyone in.
    public static func digest(_ token: String) -> String { Journal.sha256Hex(token) }
}

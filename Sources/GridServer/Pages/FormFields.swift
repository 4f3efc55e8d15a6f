import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body.
struct FormFields: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let key = parts.first else { continue }
            values[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// Reads a form body (bounded by the context's upload limit).
    static func read(_ request: Request, limit: Int) async throws -> FormFields {
        FormFields(String(buffer: try await request.collectBody(upTo: limit, tooLarge: "the form is larger than \(limit) bytes")))
    }
}

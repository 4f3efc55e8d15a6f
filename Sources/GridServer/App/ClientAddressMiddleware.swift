import Foundation
import HTTPTypes
import Hummingbird

/// Finds the client's address behind trusted reverse proxies. Without any (the default) the peer
/// of the connection is the client, and `X-Forwarded-For`/`Forwarded` are ignored: anyone can send
/// them. When the peer is a trusted proxy, its headers are read from the right, skipping further
/// trusted proxies, so a client cannot choose the address its limits are counted under.
struct ClientAddressMiddleware: RouterMiddleware {
    let trustedProxies: Set<String>
    static let forwardedFor = HTTPField.Name("X-Forwarded-For") ?? .via
    static let forwarded = HTTPField.Name("Forwarded") ?? .via

    func handle(_ request: Request, context: GridRequestContext, next: (Request, GridRequestContext) async throws -> Response) async throws -> Response {
        guard !trustedProxies.isEmpty, trustedProxies.contains(context.remoteAddress) else { return try await next(request, context) }
        var context = context
        if let client = Self.client(request.headers, trusted: trustedProxies) { context.remoteAddress = client }
        return try await next(request, context)
    }

    /// The rightmost address of the forwarding chain that is not a trusted proxy (the leftmost when all are).
    static func client(_ headers: HTTPFields, trusted: Set<String>) -> String? {
        let chain: [String]
        let forwardedFor = headers[values: Self.forwardedFor]
        if !forwardedFor.isEmpty {
            chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            // RFC 7239: `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
            chain = headers[values: Self.forwarded].flatMap { $0.split(separator: ",") }.compactMap { element in
                element.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.lowercased().hasPrefix("for=") }
                    .map { unbracketed(String($0.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
            }
        }
        let addresses = chain.filter { !$0.isEmpty && $0.count <= 64 }
        return addresses.last { !trusted.contains($0) } ?? addresses.first
    }

    /// `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.60:80` → `192.0.2.60`.
    private static func unbracketed(_ node: String) -> String {
        if node.hasPrefix("["), let close = node.firstIndex(of: "]") { return String(node[node.index(after: node.startIndex)..<close]) }
        if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") { return String(node[..<colon]) }
        return node
    }
}

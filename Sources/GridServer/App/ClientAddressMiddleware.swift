import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Finds the client's address behind trusted reverse proxies. Without any (the default) the peer
/// of the connection is the client, and `X-Forwarded-For`/`Forwarded` are ignored: anyone can send
/// them. When the peer is a trusted proxy, its `X-Forwarded-For` (or, without one, its `Forwarded`)
/// is read from the right, skipping further trusted proxies, so a client cannot choose the address
/// its limits are counted under.
struct ClientAddressMiddleware: RouterMiddleware {
    /// Canonical addresses (``ClientAddress/canonical(_:)``).
    let trustedProxies: Set<String>
    static let forwardedFor = HTTPField.Name("X-Forwarded-For") ?? .via
    static let forwarded = HTTPField.Name("Forwarded") ?? .via

    init(trustedProxies: Set<String>) {
        self.trustedProxies = Set(trustedProxies.compactMap(ClientAddress.canonical))
    }

    func handle(
        _ request: Request, context: GridRequestContext, next: (Request, GridRequestContext) async throws -> Response
    ) async throws -> Response {
        guard !trustedProxies.isEmpty, let peer = ClientAddress.canonical(context.remoteAddress),
            trustedProxies.contains(peer)
        else {
            return try await next(request, context)
        }
        var context = context
        if let client = Self.client(request.headers, trusted: trustedProxies) { context.remoteAddress = client }
        return try await next(request, context)
    }

    /// The rightmost address of the forwarding chain that is not a trusted proxy (the leftmost when
    /// all are); entries that are not IP addresses (`unknown`, obfuscated names) are skipped.
    static func client(_ headers: HTTPFields, trusted: Set<String>) -> String? {
        let nodes: [String]
        let forwardedFor = headers[values: Self.forwardedFor]
        if !forwardedFor.isEmpty {
            nodes = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            // RFC 7239: `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
            nodes = headers[values: Self.forwarded].flatMap { $0.split(separator: ",") }.compactMap { element in
                element.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.lowercased().hasPrefix("for=") }
                    .map { String($0.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        let addresses = nodes.prefix(64).compactMap { ClientAddress.canonical(ClientAddress.withoutPort($0)) }
        return addresses.last { !trusted.contains($0) } ?? addresses.first
    }
}

/// Client addresses as limits count them.
enum ClientAddress {
    /// The address as NIO writes it (`::1`, not `0:0:0:0:0:0:0:1`), an IPv4-mapped IPv6 address as
    /// IPv4; `nil` for what is not an IP address.
    static func canonical(_ text: String) -> String? {
        guard text.utf8.count <= 64, let address = try? SocketAddress(ipAddress: text, port: 0),
            let canonical = address.ipAddress
        else { return nil }
        if canonical.lowercased().hasPrefix("::ffff:"), canonical.contains(".") {
            return String(canonical.dropFirst(7))
        }
        return canonical
    }

    /// `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.60:80` → `192.0.2.60`; others unchanged.
    static func withoutPort(_ node: String) -> String {
        if node.hasPrefix("["), let close = node.firstIndex(of: "]") {
            return String(node[node.index(after: node.startIndex)..<close])
        }
        if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") { return String(node[..<colon]) }
        return node
    }

    /// The key a client's limits are counted under: its IPv4 address, or the /64 of its IPv6
    /// address (one subscriber's network, which hands its devices addresses at will).
    static func limiterKey(_ text: String) -> String {
        guard let canonical = canonical(text) else { return text }
        guard canonical.contains(":"), case .v6(let address)? = try? SocketAddress(ipAddress: canonical, port: 0) else {
            return canonical
        }
        let bytes = withUnsafeBytes(of: address.address.sin6_addr) { Array($0.prefix(8)) }
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }
}

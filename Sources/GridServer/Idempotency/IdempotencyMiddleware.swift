import Foundation
import GridCore
import GridStore
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Exactly once over a weak signal: a signed-in caller's POST that carries an `Idempotency-Key`
/// header (the IETF httpapi draft's name) — to the API, or a page's form sent by the phone's
/// offline queue — is done once. A repeat with the same key (a phone resending what it queued
/// after the first answer was lost) gets the first answer again, marked
/// `Idempotent-Replayed: true`, and nothing is done twice.
///
/// Keys belong to the caller who sent them; an anonymous request is done as it comes. The same
/// key with another request is refused (422), and while the first is still being done, 409.
/// Answers that were done or redirected are kept for 48 hours; a refusal changed nothing, so its
/// repeat is judged again. Answers carrying a secret (a login, a token, a reveal) are never kept.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext

    static let header = HTTPField.Name("Idempotency-Key") ?? .contentLocation
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed") ?? .contentLocation
    /// The headers an answer is replayed with.
    static let keptHeaders: [HTTPField.Name] = [.contentType, .location]

    let store: GridStore
    let inFlight = InFlightKeys()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post, let given = request.headers[Self.header], let caller = context.caller,
            !Self.neverKept(request.uri.path)
        else { return try await next(request, context) }
        let key = try Self.key(given)
        let owner = caller.actor
        // A JSON request is known by where it went and what it said. A queued form resent is
        // encoded afresh (a new multipart boundary), so only its address can tell it.
        var request = request
        var fingerprint = "POST \(request.uri.path)?\(request.uri.query ?? "")"
        if Request.isJSON(request.headers[.contentType]) {
            let body = try await request.collectBody(
                upTo: context.maxUploadSize, tooLarge: "the body is larger than \(context.maxUploadSize) bytes")
            request.body = .init(buffer: body)
            fingerprint += "\n" + Journal.sha256Hex(Array(buffer: body))
        }
        fingerprint = Journal.sha256Hex(fingerprint)
        guard inFlight.begin(owner + "\n" + key) else {
            throw APIError(
                .conflict, code: "idempotency_in_progress",
                message: "a request with this Idempotency-Key is still being processed; send it again later")
        }
        defer { inFlight.end(owner + "\n" + key) }
        if let kept = try await store.idempotentAnswer(owner: owner, key: key) {
            guard kept.fingerprint == fingerprint else {
                throw APIError(
                    .unprocessableContent, code: "idempotency_key_reused",
                    message: "this Idempotency-Key was used for another request", field: "Idempotency-Key")
            }
            var headers = HTTPFields()
            for (name, value) in kept.headers.sorted(by: { $0.key < $1.key }) {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            headers[Self.replayedHeader] = "true"
            return Response(
                status: HTTPResponse.Status(code: kept.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: kept.body)))
        }
        let response = try await next(request, context)
        // Done or redirected (a page's form) is kept; a refusal changed nothing and is judged again.
        guard (200..<400).contains(response.status.code) else { return response }
        let collector = BodyCollector()
        var answered = response
        try await answered.body.write(collector)
        let bytes = collector.buffer
        answered.body = .init(byteBuffer: bytes)
        // Only text (the API's JSON) is kept; anything else is answered and, if repeated, done again.
        // An answer that cannot be kept is still the answer: the work is done, and a repeat
        // would be judged again rather than refused.
        if let text = String(validating: bytes.readableBytesView, as: UTF8.self) {
            try? await store.keepIdempotentAnswer(
                IdempotentAnswer(
                    fingerprint: fingerprint, status: response.status.code,
                    headers: Self.keptHeaders.reduce(into: [:]) { kept, name in
                        if let value = response.headers[name] { kept[name.canonicalName] = value }
                    }, body: text),
                owner: owner, key: key)
        }
        return answered
    }

    /// Answers that hand out a secret or a number in clear are never kept: logins, tokens, reveals.
    static func neverKept(_ path: String) -> Bool {
        ["/api/v1/session", "/login", "/logout"].contains(path) || path.hasPrefix("/api/v1/tokens")
            || path.hasSuffix("/reveal") || path == "/api/v1/people/lookup"
    }

    /// The key as sent: a structured-field string (`"…"`, as the draft writes it) or the bare
    /// token clients commonly send; 1 to 255 visible ASCII characters.
    static func key(_ field: String) throws(APIError) -> String {
        var key = field.trimmingCharacters(in: .whitespaces)
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != 0x22 })
        else {
            throw APIError.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters, such as a UUID")
        }
        return key
    }
}

/// The keys whose requests are being done now, so a repeat arriving meanwhile waits its turn.
final class InFlightKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    func begin(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }
    func end(_ key: String) { _ = keys.withLock { $0.remove(key) } }
}

/// Collects a response body written as a stream, so it can be kept and sent on.
private final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var part = buffer
        self.buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

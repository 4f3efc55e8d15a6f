import Foundation
import GridCore
import Hummingbird

extension Request {
    /// Decodes a JSON body, refusing fields not in `allowedFields` and naming the field at fault on
    /// a type mismatch, so a client learns exactly what to fix.
    func decodeJSON<T: Decodable>(_ type: T.Type, allowedFields: Set<String>, context: GridRequestContext) async throws -> T {
        // A cross-site form can post text/plain or multipart without a preflight; JSON never comes that way.
        if let contentType = headers[.contentType]?.lowercased(), contentType.hasPrefix("text/plain") || contentType.hasPrefix("multipart/") {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send the body as application/json")
        }
        let buffer = try await collectBody(upTo: context.maxUploadSize, tooLarge: "the body is larger than \(context.maxUploadSize) bytes")
        return try Self.decodeJSON(T.self, from: Data(buffer.readableBytesView), allowedFields: allowedFields)
    }

    /// Decodes a JSON document (a request body, an uploaded file) the same strict way: unknown
    /// top-level fields are refused and every failure names the field at fault.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, allowedFields: Set<String>) throws -> T {
        // Only the top-level names are read here: building a whole JSONValue tree first cost a
        // tenth of an intake request.
        let names: [String]
        do { names = try JSONDecoder().decode(TopLevelNames.self, from: data).names } catch DecodingError.typeMismatch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body must be a JSON object")
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
        if let unknown = names.sorted().first(where: { !allowedFields.contains($0) }) {
            throw APIError.invalid(unknown, "unknown field '\(unknown)'; expected \(allowedFields.sorted().joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError.invalid(Self.path(context.codingPath + [key]), "is required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.invalid(Self.path(context.codingPath), "has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.invalid(Self.path(context.codingPath), "must not be null")
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError.invalid(Self.path(context.codingPath), context.debugDescription)
        }
    }

    /// The whole body, or 413 with `tooLarge` (naming `field`) when it exceeds `limit` bytes.
    func collectBody(upTo limit: Int, tooLarge: String, field: String? = nil) async throws -> ByteBuffer {
        do { return try await body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, code: "too_large", message: tooLarge, field: field)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

/// The member names of a JSON object, nothing else.
private struct TopLevelNames: Decodable {
    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let names: [String]

    init(from decoder: any Decoder) throws {
        names = try decoder.container(keyedBy: Name.self).allKeys.map(\.stringValue)
    }
}

extension GridRequestContext {
    /// A path parameter that must be present (the router guarantees it for its own patterns).
    func pathParameter(_ name: String) throws(APIError) -> String {
        guard let value = parameters.get(name) else { throw APIError.invalid(name, "missing path parameter") }
        return value
    }
}

/// JSON responses written with the canonical encoder, so key order is stable for clients and tests.
struct JSONResponse: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var value: JSONValue
    var headers: HTTPFields = [:]

    init(_ value: JSONValue, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.canonicalText)))
    }
}

import Foundation
import GridCore
import Hummingbird

extension Request {
    /// Decodes a JSON body, refusing fields not in `allowedFields` and naming the field at fault on
    /// a type mismatch, so a client learns exactly what to fix.
    func decodeJSON<T: Decodable>(_ type: T.Type, allowedFields: Set<String>, context: GridRequestContext) async throws
        -> T
    {
        try Self.decodeJSON(
            T.self, from: Data(try await jsonBody(context: context).readableBytesView), allowedFields: allowedFields)
    }

    /// The body of a request that must be JSON, never larger than the upload limit. It must say it is
    /// JSON: every other type (a form's urlencoded, multipart or text/plain, or none, as a script's
    /// untyped blob goes) is one a browser posts cross-site without a preflight.
    private func jsonBody(context: GridRequestContext) async throws -> ByteBuffer {
        guard Self.isJSON(headers[.contentType]) else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type", message: "send the body as application/json")
        }
        return try await collectBody(
            upTo: context.maxUploadSize, tooLarge: "the body is larger than \(context.maxUploadSize) bytes")
    }

    /// `application/json` or a `+json` type, with any parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard
            let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    /// Decodes a JSON document (a request body, an uploaded file) the same strict way: unknown
    /// top-level fields are refused and every failure names the field at fault.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, allowedFields: Set<String>) throws -> T {
        _ = try data.withUnsafeBytes { raw in
            try jsonObject(raw.bindMemory(to: UInt8.self), allowedFields: allowedFields)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError.invalid(Self.path(context.codingPath + [key]), "is required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.invalid(Self.path(context.codingPath), "has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.invalid(Self.path(context.codingPath), "must not be null")
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError.invalid(Self.path(context.codingPath), Reason(verbatim: context.debugDescription))
        }
    }

    /// A JSON object body as its members, for bodies read by hand (``JSONMembers``): parsed once,
    /// unknown members refused like ``decodeJSON(_:allowedFields:context:)`` does.
    func decodeJSONObject(allowedFields: Set<String>, context: GridRequestContext) async throws -> JSONMembers {
        let buffer = try await jsonBody(context: context)
        return JSONMembers(
            try buffer.withUnsafeReadableBytes { raw in
                try Self.jsonObject(raw.bindMemory(to: UInt8.self), allowedFields: allowedFields)
            })
    }

    /// The members of a JSON object, or 400 naming what is wrong (not JSON, not an object, an unknown member).
    private static func jsonObject(_ bytes: UnsafeBufferPointer<UInt8>, allowedFields: Set<String>) throws -> [String:
        JSONValue]
    {
        let value: JSONValue
        do { value = try JSONValue.parse(utf8: bytes) } catch {
            throw APIError(
                .badRequest, code: "malformed_json",
                message: "the body is not valid JSON (\(error.reason) at byte \(error.offset))")
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, code: "malformed_json", message: "the body must be a JSON object")
        }
        if let unknown = members.keys.sorted().first(where: { !allowedFields.contains($0) }) {
            throw APIError.invalid(
                unknown, "unknown field '\(unknown)'; expected \(allowedFields.sorted().joined(separator: ", "))")
        }
        return members
    }

    /// The whole body, or 413 with `tooLarge` (naming `field`) when it exceeds `limit` bytes.
    func collectBody(upTo limit: Int, tooLarge: Reason, field: String? = nil) async throws -> ByteBuffer {
        do { return try await body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, code: "too_large", message: tooLarge, field: field)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

extension GridRequestContext {
    /// A path parameter that must be present (the router guarantees it for its own patterns).
    func pathParameter(_ name: String) throws(APIError) -> String {
        guard let value = parameters.get(name) else { throw APIError.invalid(name, "missing path parameter") }
        return value
    }
}

/// The members of a JSON object body, read by name; every failure is a 400 naming the member.
///
/// The case report body is read this way: it is the hottest body there is (every channel's intake),
/// and `JSONDecoder` cost more than the rest of the request's decoding together.
struct JSONMembers {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    func string(_ name: String) throws(APIError) -> String {
        guard let text = try optionalString(name) else {
            throw APIError.invalid(name, members[name] == nil ? "is required" : "must not be null")
        }
        return text
    }

    func optionalString(_ name: String) throws(APIError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw Self.wrongType(name, expected: "a string", other)
        }
    }

    func optionalNumber(_ name: String) throws(APIError) -> Double? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let number)?: return number
        case let other?: throw Self.wrongType(name, expected: "a number", other)
        }
    }

    func optional<Choice: RawRepresentable<String> & CaseIterable>(_ type: Choice.Type, _ name: String) throws(APIError)
        -> Choice?
    {
        guard let text = try optionalString(name) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw APIError.invalid(
                name, "'\(text)' is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    private static func wrongType(_ name: String, expected: String, _ value: JSONValue) -> APIError {
        let found =
            switch value {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        return APIError.invalid(name, "has the wrong type: expected \(expected), found \(found)")
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
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: value.canonicalUTF8)))
    }
}

import Foundation
import GridStore
import Hummingbird
import MultipartKit

/// The fields of a submitted HTML form: `application/x-www-form-urlencoded`, or
/// `multipart/form-data` when it carries photos.
struct FormFields: Sendable {
    /// A file chosen in an `<input type="file">`.
    struct File: Sendable, Hashable {
        var filename: String
        var bytes: [UInt8]
    }

    private(set) var values: [String: String] = [:]
    /// Files by field name, in the order sent; fields whose file input was left empty are absent.
    private(set) var files: [String: [File]] = [:]
    /// Every value of fields that repeat (checkboxes), in the order sent.
    private(set) var lists: [String: [String]] = [:]

    /// A multipart form may carry three photos of 5 MB and its text.
    static let maxMultipartBytes = 16 << 20

    private init() {}

    /// Fields encoded as `application/x-www-form-urlencoded` (a form's body, a query string), the
    /// way browsers encode them: `+` is a space, `%XX` a byte, and the bytes UTF-8. A name or value
    /// that is not UTF-8 is refused naming the field, never patched with U+FFFD.
    static func urlencoded(_ bytes: some Collection<UInt8>) throws(APIError) -> FormFields {
        var form = FormFields()
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first else { continue }
            guard let name = decode(rawName) else {
                throw APIError.invalid(String(decoding: rawName, as: UTF8.self), "the field's name is not valid UTF-8")
            }
            guard let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw APIError.invalid(name, "is not valid UTF-8")
            }
            form.add(name, value)
        }
        return form
    }

    /// One percent-encoded name or value; `nil` when its bytes are not UTF-8. A `%` not followed by
    /// two hex digits stays as it is, as browsers leave it.
    private static func decode(_ encoded: some Collection<UInt8>) -> String? {
        let encoded = Array(encoded)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < encoded.count,
                let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private mutating func add(_ name: String, _ value: String) {
        values[name] = values[name] ?? value
        lists[name, default: []].append(value)
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The number typed in `name`; `nil` when the field is absent or blank, 400 naming it when it is not a number.
    func number(_ name: String) throws(APIError) -> Double? {
        guard let text = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard let value = Double(text) else { throw APIError.invalid(name, "'\(text)' is not a number") }
        return value
    }

    /// Every value sent under `name` (checkboxes sharing a name).
    func all(_ name: String) -> [String] { lists[name] ?? [] }

    /// The images chosen in the file field `name`, each checked (type by its bytes, size); a bad
    /// one is refused naming the field.
    func photos(_ name: String) throws(StoreError) -> [Photo] {
        var photos: [Photo] = []
        for file in files[name] ?? [] { photos.append(try Photo(file.bytes, field: name)) }
        return photos
    }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
            || boundary(of: request) != nil
    }

    /// The largest body a form of this request's type may have.
    static func limit(for request: Request, urlencoded: Int) -> Int {
        boundary(of: request) == nil ? urlencoded : maxMultipartBytes
    }

    /// Reads a form body, urlencoded (up to `limit`) or multipart (up to ``maxMultipartBytes``).
    static func read(_ request: Request, limit: Int) async throws -> FormFields {
        let bound = self.limit(for: request, urlencoded: limit)
        let buffer = try await request.collectBody(
            upTo: bound, tooLarge: "the form is larger than \(bound >> 20 > 0 ? "\(bound >> 20) MB" : "\(bound) bytes")"
        )
        return try parse(buffer, of: request)
    }

    /// Parses a collected body according to the request's content type.
    static func parse(_ buffer: ByteBuffer, of request: Request) throws(APIError) -> FormFields {
        guard let boundary = boundary(of: request) else { return try urlencoded(buffer.readableBytesView) }
        return try multipart(buffer, boundary: boundary)
    }

    static func boundary(of request: Request) -> String? {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") else {
            return nil
        }
        for parameter in type.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    static func multipart(_ buffer: ByteBuffer, boundary: String) throws(APIError) -> FormFields {
        var form = FormFields()
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var notText: String?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in body += chunk.readableBytesView }
        parser.onPartComplete = {
            defer {
                headers = [:]
                body = []
            }
            guard let disposition = headers["content-disposition"], let name = Self.parameter("name", in: disposition)
            else { return }
            if let filename = Self.parameter("filename", in: disposition) {
                if !body.isEmpty { form.files[name, default: []].append(File(filename: filename, bytes: body)) }
            } else if let text = String(validating: body, as: UTF8.self) {
                form.add(name, text)
            } else {
                notText = notText ?? name
            }
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw APIError(.badRequest, code: "invalid_form", message: "the multipart form is malformed")
        }
        // The parser does not notice a body cut short: without the closing boundary the last part
        // (a photo, often) may be missing, so the form is refused rather than half taken.
        let closing = Array("--\(boundary)--".utf8)
        let tail = Array(buffer.readableBytesView.suffix(closing.count + 256))
        guard tail.count >= closing.count,
            (0...(tail.count - closing.count)).contains(where: { tail[$0..<$0 + closing.count].elementsEqual(closing) })
        else {
            throw APIError(
                .badRequest, code: "invalid_form", message: "the multipart form is incomplete (no closing boundary)")
        }
        if let notText { throw APIError.invalid(notText, "is not valid UTF-8") }
        return form
    }

    /// `name="value"` out of a Content-Disposition header.
    private static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}

import Foundation
import GridCore
import Hummingbird

/// GeoReport v2 answers in JSON (bare top-level arrays, every value a string) or XML (with a
/// declaration), chosen by the path's extension.
enum Open311Format: String {
    case json
    case xml

    /// Splits `requests.json` into `requests` and its format.
    static func split(_ file: String) throws(Open311Error) -> (String, Open311Format) {
        guard let dot = file.lastIndex(of: "."),
            let format = Open311Format(rawValue: String(file[file.index(after: dot)...]).lowercased())
        else {
            throw Open311Error(status: .notFound, description: "add .json or .xml to the path", format: .json)
        }
        return (String(file[..<dot]), format)
    }

    /// An element of a response: ordered fields, each a string, a nested list, or absent (null).
    indirect enum Node {
        case text(String?)
        case list(itemName: String, [[(String, Node)]])
        case strings(itemName: String, [String])
    }

    func response(root: String, item: String, _ items: [[(String, Node)]], status: HTTPResponse.Status = .ok)
        -> Response
    {
        let body: String
        switch self {
        case .json:
            body = "[" + items.map(Self.jsonObject).joined(separator: ",") + "]"
        case .xml:
            body =
                #"<?xml version="1.0" encoding="utf-8"?>"# + "<\(root)>"
                + items.map { "<\(item)>" + Self.xmlFields($0) + "</\(item)>" }.joined() + "</\(root)>"
        }
        return Response(
            status: status,
            headers: [.contentType: self == .json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A single object (discovery), not wrapped in an array.
    func single(root: String, _ fields: [(String, Node)]) -> Response {
        let body =
            self == .json
            ? Self.jsonObject(fields)
            : #"<?xml version="1.0" encoding="utf-8"?>"# + "<\(root)>" + Self.xmlFields(fields) + "</\(root)>"
        return Response(
            status: .ok,
            headers: [.contentType: self == .json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func jsonObject(_ fields: [(String, Node)]) -> String {
        "{"
            + fields.map { key, node in JSONValue.string(key).canonicalText + ":" + jsonValue(node) }.joined(
                separator: ",") + "}"
    }

    static func jsonValue(_ node: Node) -> String {
        switch node {
        case .text(let text): text.map { JSONValue.string($0).canonicalText } ?? "null"
        case .list(_, let items): "[" + items.map(jsonObject).joined(separator: ",") + "]"
        case .strings(_, let values):
            "[" + values.map { JSONValue.string($0).canonicalText }.joined(separator: ",") + "]"
        }
    }

    static func xmlFields(_ fields: [(String, Node)]) -> String {
        fields.map { key, node in
            switch node {
            case .text(let text): text.map { "<\(key)>\(escape($0))</\(key)>" } ?? "<\(key)/>"
            case .list(let itemName, let items):
                "<\(key)>" + items.map { "<\(itemName)>" + xmlFields($0) + "</\(itemName)>" }.joined() + "</\(key)>"
            case .strings(let itemName, let values):
                "<\(key)>" + values.map { "<\(itemName)>\(escape($0))</\(itemName)>" }.joined() + "</\(key)>"
            }
        }.joined()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}

/// A GeoReport error: `[{"code":"400","description":…}]` or `<errors><error>…</error></errors>`.
struct Open311Error: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var description: String
    var format: Open311Format

    func response(from request: Request, context: some RequestContext) throws -> Response {
        format.response(
            root: "errors", item: "error",
            [[("code", .text(String(status.code))), ("description", .text(description))]], status: status)
    }
}

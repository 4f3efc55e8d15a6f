/// A value that is written in JSON as one string and checks that string on the way in, so a bad
/// code in a request fails decoding with the reason instead of passing through.
public protocol TextCodable: Codable {
    init(checking text: String) throws
    var text: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(checking: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: String(describing: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A file attached to a case (a photo of the problem, of the fix), known by its SHA-256.
public struct Attachment: Sendable, Hashable {
    public var sha256: String
    public var contentType: String
    public var size: Int
    public var uploadedBy: String
    public var atMilliseconds: Int64

    public init(sha256: String, contentType: String, size: Int, uploadedBy: String, atMilliseconds: Int64) {
        self.sha256 = sha256
        self.contentType = contentType
        self.size = size
        self.uploadedBy = uploadedBy
        self.atMilliseconds = atMilliseconds
    }

    /// The largest file accepted.
    public static let maxBytes = 5 << 20

    /// The image type of `bytes` read from its first bytes (never from what the client claims),
    /// or `nil` when it is not a JPEG, PNG, WebP or HEIC image.
    public static func sniffImageType(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(16))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.count >= 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46], head[8..<12] == [0x57, 0x45, 0x42, 0x50] { return "image/webp" }
        if head.count >= 12, head[4..<8] == [0x66, 0x74, 0x79, 0x70],
           ["heic", "heix", "mif1"].contains(String(decoding: head[8..<12], as: UTF8.self)) { return "image/heic" }
        return nil
    }
}

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
}

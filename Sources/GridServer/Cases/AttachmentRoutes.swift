import GridCore
import GridStore
import Hummingbird

/// `POST /api/v1/cases/{number}/attachments` (the image as the raw body, up to 5 MB) and
/// `GET /api/v1/cases/{number}/attachments[/{sha256}]`. Reporters without an account add
/// `?tracking_token=`.
struct AttachmentRoutes {
    let store: GridStore

    func register(on router: Router<GridRequestContext>) {
        router.post("/api/v1/cases/:number/attachments") { request, context in
            let scoped = store.scoped(to: context.caller ?? CaseRoutes.anonymous)
            let buffer = try await request.collectBody(
                upTo: Attachment.maxBytes,
                tooLarge: "a file may have at most \(Attachment.maxBytes >> 20) MB", field: "file")
            let attachment = try await scoped.attach(
                Array(buffer.readableBytesView), to: try context.pathParameter("number"),
                trackingToken: try request.queryParameters.get("tracking_token"))
            return JSONResponse(Self.encode(attachment, number: try context.pathParameter("number")), status: .created)
        }
        router.get("/api/v1/cases/:number/attachments") { request, context in
            let scoped = store.scoped(to: context.caller ?? CaseRoutes.anonymous)
            let number = try context.pathParameter("number")
            let list = try await scoped.attachments(
                of: number, trackingToken: try request.queryParameters.get("tracking_token"))
            return JSONResponse(["attachments": .array(list.map { Self.encode($0, number: number) })])
        }
        router.get("/api/v1/cases/:number/attachments/:sha256") { request, context in
            let scoped = store.scoped(to: context.caller ?? CaseRoutes.anonymous)
            let (contentType, bytes) = try await scoped.attachmentContent(
                of: try context.pathParameter("number"), sha256: try context.pathParameter("sha256"),
                trackingToken: try request.queryParameters.get("tracking_token"))
            return Response(
                status: .ok,
                headers: Self.fileHeaders(contentType: contentType, sha256: try context.pathParameter("sha256")),
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// A stored image is shown as the image it was checked to be, and nothing more: inline, never
    /// sniffed (``NoSniffMiddleware``), and sandboxed without scripts or loads should a browser open
    /// it as a document.
    static func fileHeaders(contentType: String, sha256: String) -> HTTPFields {
        let suffix = contentType.split(separator: "/").last.map { "." + $0 } ?? ""
        return [
            .contentType: contentType, .cacheControl: "private, max-age=86400",
            .contentDisposition: "inline; filename=\"\(sha256)\(suffix)\"",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
        ]
    }

    static func encode(_ attachment: Attachment, number: String) -> JSONValue {
        [
            "sha256": .string(attachment.sha256), "content_type": .string(attachment.contentType),
            "size": .number(Double(attachment.size)),
            "uploaded_by": .string(attachment.uploadedBy), "at": CaseJSON.time(attachment.atMilliseconds),
            "url": .string("/api/v1/cases/\(number)/attachments/\(attachment.sha256)"),
        ]
    }
}

import GridCore

/// A photo checked before anything is written: an image that parses as the type its bytes claim
/// (``ImageDimensions``), within the size limit.
/// Reports and actions carry photos this way, so the case change and its photos commit together.
public struct Photo: Sendable, Hashable {
    public let bytes: [UInt8]
    public let contentType: String
    public let sha256: String

    public init(_ bytes: [UInt8], field: String = "file") throws(StoreError) {
        guard !bytes.isEmpty, bytes.count <= Attachment.maxBytes else {
            throw .invalid(field: field, reason: "must be 1 byte to \(Attachment.maxBytes >> 20) MB")
        }
        let image: ImageDimensions?
        do { image = try ImageDimensions.read(bytes) } catch {
            throw .invalid(field: field, reason: "is not a valid \(error.format.name) image")
        }
        guard let image else { throw .invalid(field: field, reason: "is not a JPEG, PNG, WebP or HEIC image") }
        self.bytes = bytes
        self.contentType = image.format.contentType
        self.sha256 = Journal.sha256Hex(bytes)
    }

    /// Stores the bytes once per county (a visit's photo, a case's), inside the caller's transaction.
    func storeBytes(county: String, on db: any SQLConnection) throws {
        try db.insertMany(
            into: "blobs", columns: AttachmentColumns.blobs.names,
            rows: [AttachmentColumns.blobs.values(of: (countyCode: county, photo: self))],
            onConflict: "ON CONFLICT (county_code, sha256) DO NOTHING")
    }

    /// Stores the bytes once per county, links them to the case, and writes the history row and
    /// journal entry, inside the caller's transaction.
    func store(on record: CaseRecord, by actor: String, at: Int64, on db: any SQLConnection) throws -> Attachment {
        let attachment = Attachment(
            sha256: sha256, contentType: contentType, size: bytes.count, uploadedBy: actor, atMilliseconds: at)
        try storeBytes(county: record.countyCode, on: db)
        try db.insertMany(
            into: "case_attachments", columns: AttachmentColumns.links.names,
            rows: [AttachmentColumns.links.values(of: (record: record, attachment: attachment))],
            onConflict: "ON CONFLICT (county_code, case_id, sha256) DO NOTHING")
        try CaseQueries.appendHistory(
            record, actor: actor, action: "attach", from: record.state, note: nil,
            data: ["sha256": .string(sha256), "content_type": .string(contentType)], measure: nil, at: at,
            on: db)
        try Journal.append(
            JournalChange(
                chain: record.countyCode, actor: actor, action: "case.attach", entity: "case",
                entityID: record.number, after: ["sha256": .string(sha256), "size": .number(Double(bytes.count))]),
            at: at, on: db)
        return attachment
    }
}

/// The columns of a case's photos: each photo's bytes once per county (`blobs`), and its link to a
/// case (`case_attachments`).
enum AttachmentColumns {
    static let blobs = TableColumns<(countyCode: String, photo: Photo)>([
        .init("county_code") { .text($0.countyCode) },
        .init("sha256") { .text($0.photo.sha256) },
        .init("content_type") { .text($0.photo.contentType) },
        .init("size") { .integer(Int64($0.photo.bytes.count)) },
        .init("bytes") { .blob($0.photo.bytes) },
    ])

    static let links = TableColumns<(record: CaseRecord, attachment: Attachment)>([
        .init("county_code") { .text($0.record.countyCode) },
        .init("case_id") { .text($0.record.id) },
        .init("sha256") { .text($0.attachment.sha256) },
        .init("uploaded_by") { .text($0.attachment.uploadedBy) },
        .init("at_ms") { .integer($0.attachment.atMilliseconds) },
    ])

    /// What a case's list shows of a photo: its link, with its blob's type and size.
    static let listed = links.selectList(qualifiedBy: "a") + ", b.content_type, b.size"

    static func attachment(_ row: SQLRow) throws -> Attachment {
        let row = links.row(row, extra: ["content_type", "size"])
        return Attachment(
            sha256: try row.text("sha256"), contentType: try row.text("content_type"),
            size: Int(try row.integer("size")),
            uploadedBy: try row.text("uploaded_by"), atMilliseconds: try row.integer("at_ms"))
    }
}

extension ScopedStore {
    /// Attaches an image to a case: its type is sniffed from its bytes, its size is limited, and it
    /// is stored once per county under its SHA-256, in the same transaction as the link, a history
    /// row and a journal entry. Anyone who holds a post on the case may attach.
    public func attach(_ bytes: [UInt8], to number: String, trackingToken: String? = nil) async throws -> Attachment {
        let photo = try Photo(bytes)
        let at = store.now.epochMilliseconds
        let caller = self.caller
        let scope = self
        return try await store.database.write { db in
            let (record, tokenMatches) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            guard !scope.facts(record, tokenMatches: tokenMatches).posts.isEmpty else {
                throw StoreError.outOfScope("attaching to case \(number) (no post on it)")
            }
            // Lock the case row so concurrent writers number its history one after another.
            try db.execute(
                "UPDATE cases SET updated_at = updated_at WHERE county_code = ? AND id = ?",
                [.text(record.countyCode), .text(record.id)])
            return try photo.store(on: record, by: caller.actor, at: at, on: db)
        }
    }

    /// The attachments of a case the caller may see.
    public func attachments(of number: String, trackingToken: String? = nil) async throws -> [Attachment] {
        let scope = self
        return try await store.database.read { db in
            let (record, _) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            return try db.query(
                """
                SELECT \(AttachmentColumns.listed) FROM case_attachments a
                JOIN blobs b ON b.county_code = a.county_code AND b.sha256 = a.sha256
                WHERE a.county_code = ? AND a.case_id = ? ORDER BY a.at_ms, a.sha256
                """, [.text(record.countyCode), .text(record.id)]
            ).map(AttachmentColumns.attachment)
        }
    }

    /// One attachment's bytes, if it belongs to a case the caller may see.
    public func attachmentContent(of number: String, sha256: String, trackingToken: String? = nil) async throws -> (
        contentType: String, bytes: [UInt8]
    ) {
        let scope = self
        return try await store.database.read { db in
            let (record, _) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            let content = AttachmentColumns.blobs.only(["content_type", "bytes"])
            guard
                let row = try db.queryOne(
                    """
                    SELECT \(content.selectList(qualifiedBy: "b")) FROM case_attachments a
                    JOIN blobs b ON b.county_code = a.county_code AND b.sha256 = a.sha256
                    WHERE a.county_code = ? AND a.case_id = ? AND a.sha256 = ?
                    """, [.text(record.countyCode), .text(record.id), .text(sha256)]
                ).map({ content.row($0) })
            else { throw StoreError.notFound("attachment \(sha256) of case \(number)") }
            do { return (try row.text("content_type"), try row.blob("bytes")) } catch {
                throw StoreError.corrupt("attachment \(sha256): \(error)")
            }
        }
    }
}

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
        do { image = try ImageDimensions.read(bytes) } catch { throw .invalid(field: field, reason: error.description) }
        guard let image else { throw .invalid(field: field, reason: "is not a JPEG, PNG, WebP or HEIC image") }
        self.bytes = bytes
        self.contentType = image.format.contentType
        self.sha256 = Journal.sha256Hex(bytes)
    }

    /// Stores the bytes once per county, links them to the case, and writes the history row and
    /// journal entry, inside the caller's transaction.
    func store(on record: CaseRecord, by actor: String, at: Int64, on db: any SQLConnection) throws -> Attachment {
        try db.execute("""
            INSERT INTO blobs (county_code, sha256, content_type, size, bytes) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (county_code, sha256) DO NOTHING
            """, [.text(record.countyCode), .text(sha256), .text(contentType), .integer(Int64(bytes.count)), .blob(bytes)])
        try db.execute("""
            INSERT INTO case_attachments (county_code, case_id, sha256, uploaded_by, at_ms) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (county_code, case_id, sha256) DO NOTHING
            """, [.text(record.countyCode), .text(record.id), .text(sha256), .text(actor), .integer(at)])
        try CaseQueries.appendHistory(record, actor: actor, action: "attach", from: record.state, note: nil,
                                      data: ["sha256": .string(sha256), "content_type": .string(contentType)], at: at, on: db)
        try Journal.append(JournalChange(chain: record.countyCode, actor: actor, action: "case.attach", entity: "case",
                                         entityID: record.number, after: ["sha256": .string(sha256), "size": .number(Double(bytes.count))]),
                           at: at, on: db)
        return Attachment(sha256: sha256, contentType: contentType, size: bytes.count, uploadedBy: actor, atMilliseconds: at)
    }
}

extension ScopedStore {
    /// Attaches an image to a case: its type is sniffed from its bytes, its size is limited, and it
    /// is stored once per county under its SHA-256, in the same transaction as the link, a history
    /// row and a journal entry. Anyone who holds a post on the case may attach.
    public func attach(_ bytes: [UInt8], to number: String, trackingToken: String? = nil) async throws -> Attachment {
        let photo = try Photo(bytes)
        let at = store.now.epochMilliseconds
        let caller = self.caller, scope = self
        return try await store.database.write { db in
            let (record, tokenMatches) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            guard !scope.facts(record, tokenMatches: tokenMatches).posts.isEmpty else {
                throw StoreError.outOfScope("attaching to case \(number) (no post on it)")
            }
            // Lock the case row so concurrent writers number its history one after another.
            try db.execute("UPDATE cases SET updated_at = updated_at WHERE county_code = ? AND id = ?", [.text(record.countyCode), .text(record.id)])
            return try photo.store(on: record, by: caller.actor, at: at, on: db)
        }
    }

    /// The attachments of a case the caller may see.
    public func attachments(of number: String, trackingToken: String? = nil) async throws -> [Attachment] {
        let scope = self
        return try await store.database.read { db in
            let (record, _) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            return try db.query("""
                SELECT a.sha256, b.content_type, b.size, a.uploaded_by, a.at_ms FROM case_attachments a
                JOIN blobs b ON b.county_code = a.county_code AND b.sha256 = a.sha256
                WHERE a.county_code = ? AND a.case_id = ? ORDER BY a.at_ms, a.sha256
                """, [.text(record.countyCode), .text(record.id)]).map { row in
                Attachment(sha256: try row.text(0), contentType: try row.text(1), size: Int(try row.integer(2)),
                           uploadedBy: try row.text(3), atMilliseconds: try row.integer(4))
            }
        }
    }

    /// One attachment's bytes, if it belongs to a case the caller may see.
    public func attachmentContent(of number: String, sha256: String, trackingToken: String? = nil) async throws -> (contentType: String, bytes: [UInt8]) {
        let scope = self
        return try await store.database.read { db in
            let (record, _) = try scope.visibleCase(number, trackingToken: trackingToken, on: db)
            guard let row = try db.queryOne("""
                SELECT b.content_type, b.bytes FROM case_attachments a
                JOIN blobs b ON b.county_code = a.county_code AND b.sha256 = a.sha256
                WHERE a.county_code = ? AND a.case_id = ? AND a.sha256 = ?
                """, [.text(record.countyCode), .text(record.id), .text(sha256)]) else { throw StoreError.notFound("attachment \(sha256) of case \(number)") }
            guard case .blob(let bytes) = row.values[1] else { throw StoreError.corrupt("attachment \(sha256)") }
            return (try row.text(0), bytes)
        }
    }
}

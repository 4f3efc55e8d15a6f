import GridCore

extension ScopedStore {
    /// Adds a remark to a case's history without moving it in the workflow — a reporter's
    /// follow-up sent by FixMyStreet, say — with its photos, history row and journal entry in one
    /// transaction. Those with a post on the case (and integrations, for the reporters they relay)
    /// may remark on it; read-only roles may not. Returns the new history step.
    public func addNote(_ note: String, to number: String, source: [String: JSONValue] = [:], photos: [Photo] = [])
        async throws -> CaseHistoryEntry
    {
        let text = try TextRule.caseText.checked(note, field: "description")
        guard photos.count <= Self.maxPhotos else {
            throw StoreError.invalid(field: "media", reason: "at most \(Self.maxPhotos) photos")
        }
        let at = store.now.epochMilliseconds
        let caller = self.caller
        let scope = self
        let (record, entry) = try await store.database.write { db in
            let (record, _) = try scope.visibleCase(number, trackingToken: nil, on: db)
            guard caller.role == .integration || !scope.facts(record, tokenMatches: false).posts.isEmpty else {
                throw StoreError.outOfScope("remarking on case \(number) (no post on it)")
            }
            // Lock the case row so concurrent writers number its history one after another.
            try db.execute(
                "UPDATE cases SET updated_at = updated_at WHERE county_code = ? AND id = ?",
                [.text(record.countyCode), .text(record.id)])
            try CaseQueries.appendHistory(
                record, actor: caller.actor, action: "note", from: record.state, note: text, data: .object(source),
                measure: nil, at: at, on: db)
            try Journal.append(
                JournalChange(
                    chain: record.countyCode, actor: caller.actor, action: "case.note", entity: "case",
                    entityID: record.number, after: ["note": .string(text), "source": .object(source)]), at: at, on: db)
            for photo in photos { _ = try photo.store(on: record, by: caller.actor, at: at, on: db) }
            guard let entry = try CaseQueries.history(of: record, on: db).last(where: { $0.action == "note" }) else {
                throw StoreError.conflict("the note on case \(number) was not recorded")
            }
            return (record, entry)
        }
        store.events.publish(record)
        return entry
    }
}

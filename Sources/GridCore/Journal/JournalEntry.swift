/// One entry of the append-only journal (审计日志): who changed what, when, with the before and
/// after images as canonical JSON, chained to the previous entry of its chain by SHA-256.
///
/// There is one chain per county (its six-digit code) and one for territory-wide changes
/// (``territoryChain``), so writers in different counties never wait on each other.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// The chain for changes above county level: accounts, catalogues, provinces and cities.
    public static let territoryChain = "000000"
    /// The `prevHash` of a chain's first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var chain: String
    /// 1, 2, 3, … within the chain, without gaps.
    public var sequence: Int64
    public var atMilliseconds: Int64
    public var actor: String
    /// What was done, e.g. `region.upsert`, `user.add`, `divisions.import`.
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: JSONValue
    public var after: JSONValue
    public var prevHash: String
    public var hash: String

    public init(
        chain: String, sequence: Int64, atMilliseconds: Int64, actor: String, action: String, entity: String,
        entityID: String, before: JSONValue, after: JSONValue, prevHash: String, hash: String = ""
    ) {
        self.chain = chain
        self.sequence = sequence
        self.atMilliseconds = atMilliseconds
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The exact text that is hashed: every field but the hash, as canonical JSON.
    public var hashedContent: String { hashedContent(beforeText: before.canonicalText, afterText: after.canonicalText) }

    /// The same text, given the canonical texts of `before` and `after` (the writer has them already).
    public func hashedContent(beforeText: String, afterText: String) -> String {
        JSONValue.canonicalObject(prerendered: [
            "chain": JSONValue.string(chain).canonicalText,
            "seq": JSONValue.number(Double(sequence)).canonicalText,
            "at": JSONValue.number(Double(atMilliseconds)).canonicalText,
            "actor": JSONValue.string(actor).canonicalText,
            "action": JSONValue.string(action).canonicalText,
            "entity": JSONValue.string(entity).canonicalText,
            "entity_id": JSONValue.string(entityID).canonicalText,
            "before": beforeText,
            "after": afterText,
            "prev": JSONValue.string(prevHash).canonicalText,
        ])
    }
}

/// A change to record: the part of an entry its writer knows; the journal adds chain position and hashes.
public struct JournalChange: Sendable, Hashable {
    public var chain: String
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: JSONValue
    public var after: JSONValue

    public init(
        chain: String, actor: String, action: String, entity: String, entityID: String, before: JSONValue = .null,
        after: JSONValue = .null
    ) {
        self.chain = chain
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

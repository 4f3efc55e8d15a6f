/// Walks one chain of the journal and names the first entry that was altered, removed or reordered.
///
/// The hash function is injected (SHA-256 hex in production) so this stays pure.
public struct JournalVerifier: Sendable {
    public typealias HashFunction = @Sendable (String) -> String

    private let hash: HashFunction
    public private(set) var chain: String
    private var expectedSequence: Int64 = 1
    private var previousHash = JournalEntry.genesisHash
    public private(set) var checked: Int64 = 0

    public init(chain: String, hash: @escaping HashFunction) {
        self.chain = chain
        self.hash = hash
    }

    /// Feeds the next entry in sequence order; throws at the first one that breaks the chain.
    public mutating func check(_ entry: JournalEntry) throws(JournalBreak) {
        if entry.sequence < expectedSequence {
            throw JournalBreak(
                chain: chain, sequence: entry.sequence, kind: .reordered,
                detail: "entry \(entry.sequence) appears after entry \(expectedSequence - 1)")
        }
        if entry.sequence > expectedSequence {
            throw JournalBreak(
                chain: chain, sequence: expectedSequence, kind: .removed,
                detail: "entries \(expectedSequence)…\(entry.sequence - 1) are missing")
        }
        if entry.hash != hash(entry.hashedContent) {
            throw JournalBreak(
                chain: chain, sequence: entry.sequence, kind: .altered,
                detail: "its content no longer matches its hash")
        }
        if entry.prevHash != previousHash {
            throw JournalBreak(
                chain: chain, sequence: entry.sequence, kind: .reordered,
                detail: "it does not follow entry \(entry.sequence - 1) (previous hash differs)")
        }
        previousHash = entry.hash
        expectedSequence += 1
        checked += 1
    }

    /// Compares the end of the walk with the chain's recorded head, catching entries removed at the end.
    public func finish(headSequence: Int64, headHash: String) throws(JournalBreak) {
        if headSequence != expectedSequence - 1 {
            throw JournalBreak(
                chain: chain, sequence: expectedSequence, kind: .removed,
                detail: "the chain head records \(headSequence) entries but \(expectedSequence - 1) remain")
        }
        if headHash != previousHash {
            throw JournalBreak(
                chain: chain, sequence: headSequence, kind: .altered,
                detail: "the chain head's hash differs from the last entry's")
        }
    }
}

/// The first place a journal chain is broken.
public struct JournalBreak: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case altered, removed, reordered }
    public var chain: String
    public var sequence: Int64
    public var kind: Kind
    public var detail: String

    public init(chain: String, sequence: Int64, kind: Kind, detail: String) {
        self.chain = chain
        self.sequence = sequence
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "chain \(chain), entry \(sequence): \(kind.rawValue) — \(detail)" }
}

import GridCore
import Testing

@Suite("Journal chains and canonical JSON")
struct JournalTests {
    /// A stand-in hash for the pure rules: any injective function of the text will do.
    static let hash: JournalVerifier.HashFunction = { String($0.utf8.count) + ":" + $0 }

    static func chain(_ count: Int) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        var previous = JournalEntry.genesisHash
        for n in 1...count {
            var entry = JournalEntry(
                chain: "330106", sequence: Int64(n), atMilliseconds: Int64(n * 1000), actor: "admin",
                action: "region.update", entity: "region", entityID: "330106001000",
                before: ["name": "旧"], after: ["name": .string("新\(n)")], prevHash: previous)
            entry.hash = hash(entry.hashedContent)
            previous = entry.hash
            entries.append(entry)
        }
        return entries
    }

    static func verify(_ entries: [JournalEntry], head: JournalEntry?) throws(JournalBreak) {
        var verifier = JournalVerifier(chain: "330106", hash: hash)
        for entry in entries { try verifier.check(entry) }
        try verifier.finish(headSequence: head?.sequence ?? 0, headHash: head?.hash ?? JournalEntry.genesisHash)
    }

    @Test("a whole chain verifies")
    func whole() throws {
        let entries = Self.chain(5)
        try Self.verify(entries, head: entries.last)
    }

    @Test("an altered entry is named")
    func altered() {
        var entries = Self.chain(5)
        entries[2].after = ["name": "篡改"]
        #expect(
            throws: JournalBreak(
                chain: "330106", sequence: 3, kind: .altered, detail: "its content no longer matches its hash")
        ) {
            try Self.verify(entries, head: entries.last)
        }
    }

    @Test("a removed entry is named, in the middle and at the end")
    func removed() {
        var entries = Self.chain(5)
        let head = entries.last
        entries.remove(at: 1)
        #expect(throws: JournalBreak.self) { try Self.verify(entries, head: head) }
        do { try Self.verify(entries, head: head) } catch { #expect(error.kind == .removed && error.sequence == 2) }
        var tail = Self.chain(5)
        tail.removeLast()
        do {
            try Self.verify(tail, head: head)
            Issue.record("not caught")
        } catch { #expect(error.kind == .removed && error.sequence == 5) }
    }

    @Test("two entries swapped whole (renumbered and rehashed by a forger without the chain) are caught")
    func reordered() {
        var entries = Self.chain(4)
        var second = entries[2]
        var third = entries[1]
        second.sequence = 2
        third.sequence = 3
        second.hash = Self.hash(second.hashedContent)
        third.hash = Self.hash(third.hashedContent)
        entries[1] = second
        entries[2] = third
        do {
            try Self.verify(entries, head: entries.last)
            Issue.record("not caught")
        } catch {
            #expect(error.kind == .reordered && error.sequence == 2)
        }
    }

    @Test("canonical JSON sorts keys and drops whitespace, so equal values hash equally")
    func canonical() throws {
        let a = try JSONValue.parse(#"{ "b": [1, 2.5, "x\n"], "a": {"z": null, "y": true} }"#)
        #expect(a.canonicalText == #"{"a":{"y":true,"z":null},"b":[1,2.5,"x\n"]}"#)
        #expect(try JSONValue.parse(a.canonicalText).canonicalText == a.canonicalText)
    }

    @Test("the hashed content is the canonical JSON of the whole entry, however it is composed")
    func hashedContentIsCanonical() {
        var entry = JournalEntry(
            chain: "330106", sequence: 42, atMilliseconds: 1_795_000_000_123, actor: "token:视频\"平台\"",
            action: "case.report", entity: "case", entityID: "330106-20261122-0042",
            before: .null, after: ["number": "330106-20261122-0042", "z": [1, 2.5, nil], "A": ["b": true]],
            prevHash: JournalEntry.genesisHash)
        entry.hash = "ignored"
        let whole: JSONValue = [
            "chain": "330106", "seq": 42, "at": .number(1_795_000_000_123), "actor": .string(entry.actor),
            "action": "case.report",
            "entity": "case", "entity_id": "330106-20261122-0042", "before": .null, "after": entry.after,
            "prev": .string(entry.prevHash),
        ]
        #expect(entry.hashedContent == whole.canonicalText)
        #expect(
            JSONValue.canonicalObject(prerendered: ["b": "[1]", "a": "{}", "B": "null"])
                == #"{"B":null,"a":{},"b":[1]}"#)
    }
}

import GridCore
import GridTestSupport
import Testing

@testable import GridStore

@Suite("Store contract: group commit")
struct GroupCommitTests {
    /// A journal entry per write, the write failing after it has written when `n` is a multiple of five.
    static func write(_ n: Int, with writer: GroupCommitWriter) async -> Result<Int64, StoreError> {
        do {
            return .success(
                try await writer.submit { db in
                    let entry = try Journal.append(
                        JournalChange(
                            chain: "330106", actor: "test", action: "test.write", entity: "n",
                            entityID: String(n), after: ["n": .number(Double(n))]), at: 1_000, on: db)
                    if n % 5 == 0 { throw StoreError.invalid(field: "n", reason: "\(n) is a multiple of five") }
                    return entry.sequence
                })
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.engine("\(error)"))
        }
    }

    @Test(
        "a write failing inside a shared transaction fails alone, and leaves nothing behind",
        arguments: Backend.available)
    func failingWriteFailsAlone(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let writer = GroupCommitWriter(database: test.store.database)
            let results = await withTaskGroup(of: (Int, Result<Int64, StoreError>).self) { group in
                for n in 1...40 { group.addTask { (n, await Self.write(n, with: writer)) } }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for (n, result) in results {
                if n % 5 == 0 {
                    #expect(result == .failure(.invalid(field: "n", reason: "\(n) is a multiple of five")))
                } else {
                    #expect(throws: Never.self) { try result.get() }
                }
            }
            // The journal heads advanced in memory by the shared attempt are rolled back with it: the
            // chain holds exactly the 32 writes that succeeded, numbered without gaps.
            let entries = try await Journal.entries(of: "330106", in: test.store.database)
            #expect(entries.map(\.sequence) == Array(1...32))
            #expect(Set(entries.map(\.entityID)) == Set((1...40).filter { $0 % 5 != 0 }.map(String.init)))
            #expect(try await Journal.verify(test.store.database) == Journal.Report(chains: 1, entries: 32))
            #expect(await writer.writesCommitted == 40)
        }
    }

    @Test(
        "a counter whose write-back adds counts each write once when a failing write makes the batch replay apart",
        arguments: Backend.available)
    func additiveRowsReplayedApart(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let writer = GroupCommitWriter(database: test.store.database)
            let step = CountedStep(
                county: "330106", region: try RegionCode("330106001001001"), category: "HJ01", channel: "patrol",
                atMilliseconds: 1_795_400_000_000, measure: "report")
            await withTaskGroup(of: Void.self) { group in
                for n in 1...40 {
                    group.addTask {
                        _ = try? await writer.submit { db in
                            try CaseRollups.count(step, on: db)
                            if n % 5 == 0 { throw StoreError.invalid(field: "n", reason: "\(n) is a multiple of five") }
                        }
                    }
                }
            }
            let counts = try await test.store.database.read { db in
                try db.query("SELECT DISTINCT count FROM case_rollups", []).map { try $0.integer(0) }
            }
            #expect(counts == [32], "every counter of the step holds the 32 writes that succeeded")
        }
    }

    @Test("SHA-256 is written as lower-case hex")
    func sha256Hex() {
        #expect(Journal.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Journal.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

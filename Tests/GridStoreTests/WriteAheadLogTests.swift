import Foundation
import Synchronization
import Testing

@testable import GridStore

/// SQLite's writer commits without waiting for the disk; a write is answered only once the WAL has
/// been flushed after its commit (``WriteAheadLogFlusher``).
@Suite("SQLite durability: the write-ahead log is flushed before a write is answered")
struct WriteAheadLogTests {
    /// A flush the test can hold back, count, or make fail.
    final class Disk: Sendable {
        let held = Mutex(false)
        let failing = Mutex(false)
        let flushes = Mutex(0)
        private let release = DispatchSemaphore(value: 0)

        func flush(_ descriptor: Int32) -> Int32 {
            if held.withLock({ $0 }) { release.wait() }
            if failing.withLock({ $0 }) {
                errno = EIO
                return -1
            }
            flushes.withLock { $0 += 1 }
            return fdatasync(descriptor)
        }

        func letGo() {
            held.withLock { $0 = false }
            release.signal()
        }
    }

    static func withDatabase(_ body: (SQLiteDatabase, Disk) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridgov-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let disk = Disk()
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("test.sqlite").path, flush: disk.flush)
        try await database.write { db in try db.execute("CREATE TABLE t (n INTEGER)") }
        try await body(database, disk)
        try await database.close()
    }

    /// Committed rows, as any reader sees them.
    static func rows(_ database: SQLiteDatabase) async throws -> Int64 {
        try await database.read { db in try db.queryOne("SELECT count(*) FROM t")?.integer(0) ?? -1 }
    }

    @Test("the writer commits in WAL mode with synchronous=NORMAL, and a write returns after a flush")
    func settings() async throws {
        try await Self.withDatabase { database, disk in
            let (mode, level) = try await database.write { db in
                (try db.queryOne("PRAGMA journal_mode")?.text(0), try db.queryOne("PRAGMA synchronous")?.integer(0))
            }
            #expect(mode == "wal")
            #expect(level == 1)
            #expect(disk.flushes.withLock { $0 } == 2)
        }
    }

    @Test("a committed write is not answered until the flush after its commit has finished")
    func answeredAfterTheFlush() async throws {
        try await Self.withDatabase { database, disk in
            disk.held.withLock { $0 = true }
            let answered = Mutex(false)
            let write = Task {
                try await database.write { db in try db.execute("INSERT INTO t VALUES (1)") }
                answered.withLock { $0 = true }
            }
            while try await Self.rows(database) == 0 { await Task.yield() }
            // Committed and visible, but the disk has not confirmed it: nobody is told yet.
            #expect(!answered.withLock { $0 })
            disk.letGo()
            try await write.value
            #expect(answered.withLock { $0 })
        }
    }

    @Test("the group writer runs its next batch while the last one is being flushed")
    func groupWriterDoesNotWaitForTheDisk() async throws {
        try await Self.withDatabase { database, disk in
            let writer = GroupCommitWriter(database: database)
            disk.held.withLock { $0 = true }
            let first = Task { try await writer.submit { db in try db.execute("INSERT INTO t VALUES (1)") } }
            while try await Self.rows(database) < 1 { await Task.yield() }
            let second = Task { try await writer.submit { db in try db.execute("INSERT INTO t VALUES (2)") } }
            // The second batch commits although the first one's flush is still held.
            while try await Self.rows(database) < 2 { await Task.yield() }
            disk.letGo()
            try await first.value
            try await second.value
            #expect(await writer.batchesCommitted == 2)
        }
    }

    @Test("a failed flush fails the writes waiting for it and every write after it, naming the log")
    func failedFlush() async throws {
        try await Self.withDatabase { database, disk in
            disk.failing.withLock { $0 = true }
            for n in 1...2 {
                do {
                    try await database.write { db in try db.execute("INSERT INTO t VALUES (?)", [.integer(Int64(n))]) }
                    Issue.record("write \(n) was answered although its flush failed")
                } catch let error as StoreError {
                    guard case .engine(let message) = error else {
                        Issue.record("\(error)")
                        continue
                    }
                    #expect(message.contains("test.sqlite-wal"))
                    #expect(message.contains("restart the server"))
                }
            }
            // The flush does not come back: the store does not promise what it cannot know.
            disk.failing.withLock { $0 = false }
            await #expect(throws: StoreError.self) {
                try await database.write { db in try db.execute("INSERT INTO t VALUES (3)") }
            }
        }
    }
}

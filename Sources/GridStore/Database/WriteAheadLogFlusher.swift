import Foundation
import Synchronization

/// Makes committed SQLite transactions durable by flushing the write-ahead log on a thread of its
/// own, so the single writer runs its next transaction while the disk confirms the last one.
///
/// The writer commits with `synchronous=NORMAL`: a commit appends its frames to the WAL and returns
/// without waiting for the disk. A write is answered only after an `fdatasync` of the WAL that
/// began after its commit, which is the flush `synchronous=FULL` would have made inside the commit.
/// The WAL grows in commit order, so one flush covers every commit before it, however many writers
/// wait for it. SQLite itself flushes the WAL before a checkpoint copies it into the database file,
/// and the database file before the WAL is reused.
///
/// Measured: with the flush inside the commit the writer waited ~1.5 ms a batch for the disk; with
/// it here, intake into the store went from 3,720 to 4,250 cases/s and over HTTP from 2,700 to 2,970.
final class WriteAheadLogFlusher: Sendable {
    /// `fdatasync(2)` in production; tests inject one that counts or fails.
    typealias Flush = @Sendable (_ descriptor: Int32) -> Int32

    private struct State {
        /// Commits noted so far, and how many of them a finished flush covered.
        var committed: UInt64 = 0
        var flushed: UInt64 = 0
        var flushing = false
        var waiters: [(commit: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var descriptor: Int32 = -1
        /// After a failed flush nothing more is promised: the kernel may have dropped the pages.
        var failure: StoreError?
    }

    private let walPath: String
    private let flush: Flush
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "gridgov.wal-flush")

    init(databasePath: String, flush: @escaping Flush) {
        walPath = databasePath + "-wal"
        self.flush = flush
    }

    /// Called once a transaction has committed; returns the number to wait for.
    func noteCommit() -> UInt64 {
        state.withLock { state in
            state.committed += 1
            return state.committed
        }
    }

    /// Returns when commit number `commit` is on disk; throws if the flush failed.
    func waitUntilDurable(_ commit: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (answer, start) = state.withLock { state -> (Result<Void, StoreError>?, Bool) in
                if let failure = state.failure { return (.failure(failure), false) }
                if state.flushed >= commit { return (.success(()), false) }
                state.waiters.append((commit, continuation))
                guard !state.flushing else { return (nil, false) }
                state.flushing = true
                return (nil, true)
            }
            if let answer { continuation.resume(with: answer) }
            if start { queue.async { self.flushWhileAnyoneWaits() } }
        }
    }

    /// Flushes, answers everyone the flush covered, and flushes again while commits after it wait.
    private func flushWhileAnyoneWaits() {
        while true {
            let (target, descriptor) = state.withLock { ($0.committed, $0.descriptor) }
            let outcome = flushOnce(descriptor)
            let (covered, answer, more) = state.withLock { state in
                switch outcome {
                case .success(let opened):
                    state.descriptor = opened
                    state.flushed = max(state.flushed, target)
                case .failure(let error):
                    state.failure = error
                }
                let (flushed, failure) = (state.flushed, state.failure)
                let first = state.waiters.partition { failure != nil || $0.commit <= flushed }
                let covered = state.waiters[first...].map(\.continuation)
                state.waiters.removeSubrange(first...)
                state.flushing = !state.waiters.isEmpty
                return (covered, failure.map { Result<Void, StoreError>.failure($0) } ?? .success(()), state.flushing)
            }
            for continuation in covered { continuation.resume(with: answer) }
            guard more else { return }
        }
    }

    /// One `fdatasync` of the WAL, opened on first use: it exists once anything has committed.
    private func flushOnce(_ descriptor: Int32) -> Result<Int32, StoreError> {
        let opened = descriptor >= 0 ? descriptor : open(walPath, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { return .failure(Self.failure("opening", walPath)) }
        guard flush(opened) == 0 else { return .failure(Self.failure("flushing", walPath)) }
        return .success(opened)
    }

    private static func failure(_ doing: String, _ path: String) -> StoreError {
        .engine(
            "\(doing) the write-ahead log \(path) failed (\(String(cString: strerror(errno)))): writes since the last flush may not survive a power cut; restart the server"
        )
    }

    /// Closes the log's descriptor; called once no write is under way.
    func close() {
        queue.sync {
            state.withLock { state in
                if state.descriptor >= 0 { _ = Foundation.close(state.descriptor) }
                state.descriptor = -1
            }
        }
    }
}

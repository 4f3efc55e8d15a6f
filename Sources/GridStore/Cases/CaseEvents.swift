import Foundation
import GridCore
import Synchronization

/// Broadcasts every case change made through this process to live subscribers (the command
/// centre's screens). Each subscriber has a bounded buffer: a screen that falls behind loses the
/// oldest changes, never blocks a writer.
public final class CaseEvents: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<CaseRecord>.Continuation]>([:])

    public init() {}

    /// A stream of changed cases and the id that ends it (``finish(_:)``).
    public func subscribe() -> (id: UUID, stream: AsyncStream<CaseRecord>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: CaseRecord.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        subscribers.withLock { $0[id] = continuation }
        return (id, stream)
    }

    public func finish(_ id: UUID) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    func publish(_ record: CaseRecord) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(record) }
    }

    private func remove(_ id: UUID) {
        _ = subscribers.withLock { $0.removeValue(forKey: id) }
    }
}

extension ScopedStore {
    /// Live case changes the caller may see, until ``CaseEvents/finish(_:)`` is called with `id`.
    public func caseChanges() -> (id: UUID, stream: AsyncFilterSequence<AsyncStream<CaseRecord>>) {
        let (id, stream) = store.events.subscribe()
        let scope = self
        return (id, stream.filter { scope.canSee($0, tokenMatches: false) })
    }
}

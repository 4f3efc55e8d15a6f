import GridCore
import GridStore
import Hummingbird
import Metrics
import ServiceLifecycle
import Synchronization

/// `GET /api/v1/events`: a Server-Sent Events stream of case changes the caller may see, for
/// command-centre screens. Each event is `event: case` with the case's JSON as `data`.
///
/// A stream lives no longer than what opened it: every `checkInterval` it checks that its token or
/// session still holds (revoked, logged out, account disabled: the stream ends) and sends a
/// heartbeat comment, whose failed write is how a client that has gone is noticed. It also ends
/// when the server shuts down gracefully. An account holds at most a few streams at once.
struct CaseEventRoutes {
    let store: GridStore
    let checkInterval: Duration
    let perAccount: StreamCounter

    private enum Item: Sendable {
        case change(CaseRecord)
        case check
    }

    func register(on router: Router<GridRequestContext>) {
        router.get("/api/v1/events") { _, context in
            let caller = try context.requireCaller()
            let scoped = store.scoped(to: caller)
            guard let credential = context.credential else {
                throw APIError(.unauthorized, code: "unauthenticated", message: "no credentials")
            }
            guard let slot = StreamSlot(perAccount, caller.actor) else {
                throw APIError(
                    .tooManyRequests, code: "too_many_streams",
                    message: "\(caller.actor) already has \(perAccount.limit) event streams open; close one first")
            }
            let (store, checkInterval, channel) = (self.store, self.checkInterval, context.channel)
            let body = ResponseBody { writer in
                defer { slot.release() }
                let (id, changes) = scoped.caseChanges()
                let (items, input) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(256))
                // When the write under way began: a client that stops reading leaves it pending, and
                // the watchdog below closes the connection rather than hold the stream for ever.
                let writing = WriteWatch()
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await record in changes { input.yield(.change(record)) }
                            input.finish()
                        }
                        group.addTask {
                            while true {
                                try await Task.sleep(for: checkInterval)
                                if writing.stuck(longerThan: checkInterval * 2) {
                                    channel.close(promise: nil)
                                    return
                                }
                                input.yield(.check)
                            }
                        }
                        defer { group.cancelAll() }
                        var text = ": connected\n\n"
                        var next = items.makeAsyncIterator()
                        while true {
                            writing.begin()
                            try await writer.write(ByteBuffer(string: text))
                            writing.end()
                            guard let item = await next.next() else { return }
                            switch item {
                            case .change(let record):
                                let json = JSONValue.object(
                                    CaseJSON.encode(record, status: nil, catalogue: try await store.catalogue())
                                ).canonicalText
                                text =
                                    "id: \(record.number)@\(record.updatedAtMilliseconds)\nevent: case\ndata: \(json)\n\n"
                            case .check:
                                guard try await Self.holds(credential, in: store) else {
                                    try await writer.write(
                                        ByteBuffer(string: "event: end\ndata: credentials no longer valid\n\n"))
                                    return
                                }
                                text = ": heartbeat\n\n"
                            }
                        }
                    }
                } onGracefulShutdown: {
                    store.events.finish(id)
                }
                store.events.finish(id)
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }

    /// Whether the token or session a stream was opened with still lets its caller in, as a new
    /// request would find it.
    static func holds(_ credential: Credential, in store: GridStore) async throws -> Bool {
        switch credential {
        case .apiToken(let token): try await store.caller(apiToken: token) != nil
        case .session(let token): try await store.session(token: token) != nil
        }
    }
}

/// When the write under way began, if one is.
final class WriteWatch: Sendable {
    private let since = Mutex<ContinuousClock.Instant?>(nil)

    func begin() { since.withLock { $0 = .now } }
    func end() { since.withLock { $0 = nil } }

    func stuck(longerThan limit: Duration) -> Bool {
        since.withLock { $0.map { ContinuousClock.now - $0 > limit } ?? false }
    }
}

/// One open stream's place in its account's count, given back once: when the stream ends, or when
/// its response is dropped before it ever began (a client gone before the head was written).
final class StreamSlot: Sendable {
    private let counter: StreamCounter
    private let actor: String
    private let released = Atomic(false)

    init?(_ counter: StreamCounter, _ actor: String) {
        guard counter.open(actor) else { return nil }
        self.counter = counter
        self.actor = actor
    }

    func release() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        counter.close(actor)
    }

    deinit { release() }
}

/// Open event streams per account, at most `limit` each; the total is a gauge (`gridgov_event_streams`).
final class StreamCounter: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])
    private let gauge = Gauge(label: "gridgov_event_streams")

    init(limit: Int) { self.limit = limit }

    /// Counts a new stream of `actor`'s, unless it already has `limit` open.
    func open(_ actor: String) -> Bool {
        let total = open.withLock { open -> Int? in
            guard open[actor, default: 0] < limit else { return nil }
            open[actor, default: 0] += 1
            return open.values.reduce(0, +)
        }
        guard let total else { return false }
        gauge.record(total)
        return true
    }

    func close(_ actor: String) {
        let total = open.withLock { open -> Int in
            let left = open[actor, default: 1] - 1
            open[actor] = left > 0 ? left : nil
            return open.values.reduce(0, +)
        }
        gauge.record(total)
    }
}

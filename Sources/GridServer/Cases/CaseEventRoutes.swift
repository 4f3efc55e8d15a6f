import GridCore
import GridStore
import Hummingbird
import ServiceLifecycle

/// `GET /api/v1/events`: a Server-Sent Events stream of case changes the caller may see, for
/// command-centre screens. Each event is `event: case` with the case's JSON as `data`. The stream
/// ends when the client leaves or the server shuts down gracefully.
struct CaseEventRoutes {
    let store: GridStore

    func register(on router: Router<GridRequestContext>) {
        router.get("/api/v1/events") { _, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let events = store.events
            let body = ResponseBody { writer in
                let (id, changes) = scoped.caseChanges()
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await record in changes {
                        let json = JSONValue.object(CaseJSON.encode(record, status: nil, catalogue: try await store.catalogue())).canonicalText
                        try await writer.write(ByteBuffer(string: "id: \(record.number)@\(record.updatedAtMilliseconds)\nevent: case\ndata: \(json)\n\n"))
                    }
                } onGracefulShutdown: {
                    events.finish(id)
                }
                events.finish(id)
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}

import GridCore
import GridStore
import Hummingbird

/// Per-request state: who is calling (set by ``AuthenticationMiddleware``) and how.
public struct GridRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, if any.
    public var caller: Caller?
    /// Set when the caller came in through a web session rather than a bearer token.
    public var session: Session?

    /// The client's address, for per-client limits on anonymous reports.
    public let remoteAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies are small; photos will have their own limit on their own routes.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller, or 401 when the request carries no valid credentials.
    public func requireCaller() throws(APIError) -> Caller {
        guard let caller else { throw APIError(.unauthorized, code: "unauthenticated", message: "log in or send Authorization: Bearer <token>") }
        return caller
    }
}

import GridCore
import GridStore
import Hummingbird
import NIOCore

/// Per-request state: who is calling (set by ``AuthenticationMiddleware``) and how.
public struct GridRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, if any.
    public var caller: Caller?
    /// Set when the caller came in through a web session rather than a bearer token.
    public var session: Session?
    /// The secret the caller came in with, so a long request (an event stream) can check that it
    /// still holds.
    public var credential: Credential?
    /// Lines every page shows under its header while they hold, set by features' middleware
    /// (an emergency in force).
    var pageNotices: [PageNotice] = []

    /// The client's address, for per-client limits (logins, anonymous reports): the connection's
    /// peer, or the client a trusted proxy names (``ClientAddressMiddleware``).
    public var remoteAddress: String

    /// What per-client limits count under: the address, or an IPv6 address's /64.
    public var clientKey: String { ClientAddress.limiterKey(remoteAddress) }

    /// The connection, so a long response can close it when its client stops reading.
    public let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies are small; photos will have their own limit on their own routes.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller, or 401 when the request carries no valid credentials.
    public func requireCaller() throws(APIError) -> Caller {
        guard let caller else {
            throw APIError(
                .unauthorized, code: "unauthenticated", message: "log in or send Authorization: Bearer <token>")
        }
        return caller
    }
}

/// The secret behind a request's caller.
public enum Credential: Sendable, Hashable {
    /// An API token (`gt_…`).
    case apiToken(String)
    /// A session token (`gs_…`), from `Authorization: Bearer` or the session cookie.
    case session(String)
}

import GridCore
import GridStore
import Hummingbird
import Logging
import Prometheus

/// How the server listens and behaves.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Set the session cookie's `Secure` flag (when a TLS proxy fronts GridGov).
    public var secureCookies: Bool
    /// Addresses of reverse proxies whose `X-Forwarded-For`/`Forwarded` name the client (none by
    /// default: then every client is the peer of its connection).
    public var trustedProxies: Set<String>
    /// A connection that sends nothing for this long, or takes this long over a request's headers,
    /// is closed; one whose response is still being written (an event stream) is not.
    public var idleTimeoutSeconds: Int
    /// How often an open event stream checks that its credentials still hold and sends a heartbeat
    /// (which also finds clients that have gone).
    public var eventCheckSeconds: Double
    /// Event streams one account (or API token) may hold open at once.
    public var maxEventStreamsPerAccount: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, trustedProxies: Set<String> = [],
                idleTimeoutSeconds: Int = 30, eventCheckSeconds: Double = 5, maxEventStreamsPerAccount: Int = 8) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        // Clamped: no connection closed at once, no stream checking in a busy loop.
        self.idleTimeoutSeconds = max(1, idleTimeoutSeconds)
        self.eventCheckSeconds = max(0.1, eventCheckSeconds)
        self.maxEventStreamsPerAccount = max(1, maxEventStreamsPerAccount)
    }
}

/// Builds GridGov's HTTP application: the router with every feature's routes, behind request
/// logging, metrics, `nosniff`, JSON errors and authentication.
public enum GridApplication {
    public static func router(store: GridStore, now: NowProvider = .system, metrics: PrometheusCollectorRegistry? = nil,
                              configuration: ServerConfiguration = ServerConfiguration()) throws -> Router<GridRequestContext> {
        let router = Router(context: GridRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: NoSniffMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(store: store))
        HealthRoutes().register(on: router, store: store, metrics: metrics)
        let throttle = LoginThrottle(now: now)
        let renderer = try PageRenderer()
        SessionRoutes(store: store, throttle: throttle, secureCookies: configuration.secureCookies).register(on: router)
        LoginPages(store: store, throttle: throttle, renderer: renderer, secureCookies: configuration.secureCookies).register(on: router)
        RegionRoutes().register(on: router, store: store)
        RegionPages(store: store, renderer: renderer).register(on: router)
        let reportLimiter = AttemptLimiter.anonymousReports(now: now)
        CaseRoutes(store: store, limiter: reportLimiter).register(on: router)
        ResidentPages(store: store, renderer: renderer, limiter: reportLimiter, secureCookies: configuration.secureCookies).register(on: router)
        CentrePages(store: store, renderer: renderer).register(on: router)
        CasePages(store: store, renderer: renderer).register(on: router)
        WorkerPages(store: store, renderer: renderer).register(on: router)
        AdminPages(store: store, renderer: renderer).register(on: router)
        AccountPages(store: store, renderer: renderer).register(on: router)
        TokenPages(store: store, renderer: renderer).register(on: router)
        RegionAdminPages(store: store, renderer: renderer).register(on: router)
        CategoryPages(store: store, renderer: renderer).register(on: router)
        CalendarPages(store: store, renderer: renderer).register(on: router)
        try PageScripts().register(on: router)
        Open311Routes(store: store).register(on: router)
        CaseEventRoutes(store: store, checkInterval: .milliseconds(Int64(configuration.eventCheckSeconds * 1000)),
                        perAccount: StreamCounter(limit: configuration.maxEventStreamsPerAccount)).register(on: router)
        AttachmentRoutes(store: store).register(on: router)
        OpenAPIDocument.register(on: router)
        // Last: it sees only requests that no route above matched.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// The application, ready for `runService()`; `onListening` receives the bound port (useful with port 0).
    public static func application(store: GridStore, configuration: ServerConfiguration, now: NowProvider = .system,
                                   metrics: PrometheusCollectorRegistry? = nil, logger: Logger,
                                   onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        Application(
            router: try router(store: store, now: now, metrics: metrics, configuration: configuration),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GridGov"),
            services: [SupervisionService(store: store, logger: logger)],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}

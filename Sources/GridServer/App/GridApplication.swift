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
    /// An MBTiles file of raster tiles served at `/tiles/{z}/{x}/{y}` under the maps.
    public var basemapFile: String?
    /// Or a tile server's URL with `{z}`, `{x}` and `{y}` (a county's own, 天地图 with its key).
    public var basemapURL: String?
    /// The datum the URL's tiles are drawn in (most Chinese services: GCJ-02).
    public var basemapDatum: CoordinateSystem = .wgs84
    /// Credit shown on the map for the URL's tiles.
    public var basemapAttribution: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, trustedProxies: Set<String> = [],
        idleTimeoutSeconds: Int = 30, eventCheckSeconds: Double = 5, maxEventStreamsPerAccount: Int = 8
    ) {
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
    public static func router(
        store: GridStore, now: NowProvider = .system, metrics: PrometheusCollectorRegistry? = nil,
        configuration: ServerConfiguration = ServerConfiguration(),
        logger: Logger = Logger(label: "gridgov")
    ) throws -> Router<GridRequestContext> {
        try router(environment(store: store, now: now, metrics: metrics, configuration: configuration, logger: logger))
    }

    /// What every feature is built from; one per application.
    static func environment(
        store: GridStore, now: NowProvider, metrics: PrometheusCollectorRegistry?, configuration: ServerConfiguration,
        logger: Logger
    ) throws -> FeatureEnvironment {
        try FeatureEnvironment(
            store: store, renderer: PageRenderer(), configuration: configuration, metrics: metrics, logger: logger,
            loginThrottle: LoginThrottle(now: now), anonymousReports: AttemptLimiter.anonymousReports(now: now))
    }

    /// The router: middleware, then every feature's routes (``ServerFeatures/all``), then the OpenAPI document.
    static func router(_ environment: FeatureEnvironment) throws -> Router<GridRequestContext> {
        let (store, configuration) = (environment.store, environment.configuration)
        let router = Router(context: GridRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: NoSniffMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(store: store))
        router.add(middleware: IdempotencyMiddleware(store: store))
        // A router's middleware wraps only the routes added after it: every feature's comes first.
        for feature in ServerFeatures.all { feature.middleware(router, environment) }
        for feature in ServerFeatures.all { try feature.routes(router, environment) }
        OpenAPIDocument.register(on: router)
        // Last: it sees only requests that no route above matched.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// The application, ready for `runService()`; `onListening` receives the bound port (useful with port 0).
    public static func application(
        store: GridStore, configuration: ServerConfiguration, now: NowProvider = .system,
        metrics: PrometheusCollectorRegistry? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let environment = try environment(
            store: store, now: now, metrics: metrics, configuration: configuration, logger: logger)
        return Application(
            router: try router(environment),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "GridGov"),
            services: ServerFeatures.all.flatMap { $0.services(environment) },
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}

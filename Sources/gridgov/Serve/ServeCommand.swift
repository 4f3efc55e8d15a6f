import ArgumentParser
import Foundation
import GridCore
import GridServer
import GridStore
import Logging
import Metrics
import NIOCore
import Prometheus

/// `gridgov serve`: the HTTP server on SQLite (default) or PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the GridGov server.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on (default 127.0.0.1; GRIDGOV_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; GRIDGOV_PORT; 0 picks a free one).")
    var port: Int?

    @Flag(help: "Build the demo territory first if the store is empty.")
    var demo = false

    @Option(
        help:
            "A reverse proxy's address whose X-Forwarded-For/Forwarded name the client (repeatable; GRIDGOV_TRUSTED_PROXIES, comma-separated). None by default."
    )
    var trustedProxy: [String] = []

    @Option(
        help:
            "Seconds before an idle connection, or one slow to send its headers, is closed (default 30; GRIDGOV_IDLE_TIMEOUT)."
    )
    var idleTimeout: Int?

    @Option(help: "An MBTiles file of raster tiles drawn under the maps and served at /tiles (GRIDGOV_BASEMAP).")
    var basemap: String?

    @Option(
        help:
            "Or a tile server's URL with {z}, {x} and {y} (GRIDGOV_BASEMAP_URL); its tiles' datum with --basemap-datum wgs84|gcj02."
    )
    var basemapURL: String?

    @Option(help: "The datum of --basemap-url's tiles: wgs84 (default) or gcj02 (most Chinese tile services).")
    var basemapDatum: String?

    func run() async throws {
        LoggingSystem.bootstrap { LineLogHandler(label: $0) }
        let config = try await store.reader()
        let host = host ?? config.string(forKey: "gridgov.host", default: "127.0.0.1")
        let port = port ?? config.int(forKey: "gridgov.port", default: 8080)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        let idleTimeout = idleTimeout ?? config.int(forKey: "gridgov.idle.timeout", default: 30)
        guard (1...3600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be 1 to 3600 seconds")
        }
        let eventCheckSeconds = config.double(forKey: "gridgov.events.check.seconds", default: 5)
        guard eventCheckSeconds >= 0.1, eventCheckSeconds <= 60 else {
            throw ValidationError("GRIDGOV_EVENTS_CHECK_SECONDS must be 0.1 to 60")
        }
        let proxies =
            trustedProxy.isEmpty
            ? (config.string(forKey: "gridgov.trusted.proxies") ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            : trustedProxy
        for proxy in proxies where !proxy.isEmpty && (try? SocketAddress(ipAddress: proxy, port: 0)) == nil {
            throw ValidationError("trusted proxy '\(proxy)' is not an IP address")
        }
        let datumText = basemapDatum ?? config.string(forKey: "gridgov.basemap.datum", default: "wgs84")
        guard let datum = CoordinateSystem(rawValue: datumText) else {
            throw ValidationError("--basemap-datum must be wgs84 or gcj02")
        }
        let tileURL = basemapURL ?? config.string(forKey: "gridgov.basemap.url")
        if let tileURL, !(tileURL.contains("{z}") && tileURL.contains("{x}") && tileURL.contains("{y}")) {
            throw ValidationError("--basemap-url must contain {z}, {x} and {y}")
        }
        var logger = Logger(label: "gridgov")
        logger.logLevel = config.string(forKey: "gridgov.log.level").flatMap(Logger.Level.init(rawValue:)) ?? .info

        let location = store.location(config)
        let gridStore = try await GridStore.open(location, logger: logger)
        if let protection = try store.protection(config) { gridStore.useProtection(protection) }
        if demo, try await gridStore.isEmpty() {
            if case .sqlite(let directory) = location, try store.protection(config) == nil {
                try DemoBuilder.writeDemoKey(StoreOptions.demoKeyPath(directory))
                if let protection = try store.protection(config) { gridStore.useProtection(protection) }
            }
            print(
                try await DemoBuilder.build(
                    scale: .county, seed: 20_261_122, cases: try DemoBuilder.casesFromEnvironment(), into: gridStore))
        }
        gridStore.warmUpLocator()

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let where_ =
            switch location {
            case .sqlite(let directory): "SQLite in \(directory)"
            case .postgres: "PostgreSQL"
            }
        var configuration = ServerConfiguration(
            host: host, port: port,
            secureCookies: config.bool(forKey: "gridgov.secure.cookies", default: false),
            trustedProxies: Set(proxies.filter { !$0.isEmpty }), idleTimeoutSeconds: idleTimeout,
            eventCheckSeconds: eventCheckSeconds)
        configuration.basemapFile = basemap ?? config.string(forKey: "gridgov.basemap")
        configuration.basemapURL = tileURL
        configuration.basemapDatum = datum
        configuration.basemapAttribution = config.string(forKey: "gridgov.basemap.attribution")
        let app = try GridApplication.application(
            store: gridStore,
            configuration: configuration,
            metrics: registry, logger: logger,
            onListening: { port in
                // Written straight to the file descriptor so scripts reading a pipe see it at once.
                FileHandle.standardOutput.write(
                    Data(
                        "GridGov listening on http://\(host):\(port) (\(where_)); API at /api/v1, health at /healthz\n"
                            .utf8))
            })
        try await app.runService()
        try await gridStore.close()
    }
}

import GridStore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// One feature's part of the server: its routes and pages, its part of the OpenAPI document and
/// its background jobs. The application, the OpenAPI document and the services walk
/// ``ServerFeatures/all``; templates, scripts and strings are files in the feature's folder.
struct ServerFeature: Sendable {
    let name: String
    /// Registers the feature's API routes and pages.
    var routes: @Sendable (Router<GridRequestContext>, FeatureEnvironment) throws -> Void
    var openAPI = OpenAPIFragment()
    /// Adds what it does around every request, after authentication and before any feature's routes.
    var middleware: @Sendable (Router<GridRequestContext>, FeatureEnvironment) -> Void = { _, _ in }
    /// Jobs that run beside the server for as long as it runs.
    var services: @Sendable (FeatureEnvironment) -> [any Service] = { _ in [] }
    /// Its links in the page header.
    var navigation: [NavigationLink] = []
    /// Its cards on the administration home page.
    var administration: [AdministrationSection] = []
    /// Its cards on an area's assessment page.
    var assessment: [AssessmentSection] = []
    /// Its strings tables (`<Feature>/Strings/<name>.tsv`, see ``StringTables``).
    var strings: [String] = []
    /// Its scripts and images under `/assets/` (`<Feature>/Scripts/<name>`, see ``PageAssets``).
    var assets: [String] = []
}

/// What features are built from: the store, the page renderer, the configuration, and the limits
/// several features share (a login is throttled alike from the API and the login page).
struct FeatureEnvironment: Sendable {
    let store: GridStore
    let renderer: PageRenderer
    let configuration: ServerConfiguration
    let metrics: PrometheusCollectorRegistry?
    let logger: Logger
    let loginThrottle: LoginThrottle
    let anonymousReports: AttemptLimiter
}

/// The server's features. A new feature is its folders plus one line here; the order is the
/// order of their header links and administration cards.
enum ServerFeatures {
    static let all: [ServerFeature] = [
        .health, .accounts, .cases, .workflows, .regions, .map, .calendar, .open311, .registries, .fieldWork,
        .decisionSupport, .emergency, .disputes,
        .administration,
    ]
    static let siteMap = SiteMap(all)
}

import GridCore

extension ServerFeature {
    /// Cases from every channel: the API, the command centre, case pages, grid workers' and
    /// residents' pages, categories, live events, attachments, and supervision of time limits.
    static let cases = ServerFeature(
        name: "cases",
        routes: { router, environment in
            let (store, renderer, configuration) = (environment.store, environment.renderer, environment.configuration)
            CaseRoutes(store: store, limiter: environment.anonymousReports).register(on: router)
            ResidentPages(
                store: store, renderer: renderer, limiter: environment.anonymousReports,
                secureCookies: configuration.secureCookies
            ).register(on: router)
            CentrePages(store: store, renderer: renderer).register(on: router)
            CasePages(store: store, renderer: renderer).register(on: router)
            WorkerPages(store: store, renderer: renderer).register(on: router)
            CategoryPages(store: store, renderer: renderer).register(on: router)
            CaseEventRoutes(
                store: store, checkInterval: .milliseconds(Int64(configuration.eventCheckSeconds * 1000)),
                perAccount: StreamCounter(limit: configuration.maxEventStreamsPerAccount)
            ).register(on: router)
            AttachmentRoutes(store: store).register(on: router)
        },
        openAPI: OpenAPI.cases,
        services: { environment in [SupervisionService.make(store: environment.store, logger: environment.logger)] },
        navigation: [
            NavigationLink(
                path: "/center", labelKey: "nav_center",
                roles: Set(Role.allCases).subtracting([.worker, .resident, .integration])),
            NavigationLink(path: "/m", labelKey: "nav_worker", roles: [.worker, .gridleader]),
        ],
        administration: [
            AdministrationSection(
                path: "/admin/categories", id: "categories", titleKey: "categories_title", introKey: "categories_intro")
        ],
        strings: ["cases.tsv", "cases-reasons.tsv"],
        assets: ["center.js", "locate.js", "photo-preview.js"])
}

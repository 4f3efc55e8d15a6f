extension ServerFeature {
    /// The administration home (the sections every feature declares) and the pages' shared scripts.
    static let administration = ServerFeature(
        name: "administration",
        routes: { router, environment in
            AdminPages(renderer: environment.renderer, sections: ServerFeatures.siteMap.sections).register(on: router)
            try PageScripts().register(on: router)
        },
        navigation: [NavigationLink(path: "/admin", labelKey: "nav_admin", roles: [.admin])],
        strings: ["pages.tsv"])
}

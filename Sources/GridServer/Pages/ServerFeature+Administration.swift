extension ServerFeature {
    /// The administration home (the sections every feature declares) and the pages' static files.
    static let administration = ServerFeature(
        name: "administration",
        routes: { router, environment in
            AdminPages(renderer: environment.renderer, sections: ServerFeatures.siteMap.sections).register(on: router)
            try PageAssets().register(on: router)
        },
        navigation: [NavigationLink(path: "/admin", labelKey: "nav_admin", roles: [.admin])],
        strings: ["pages.tsv", "reasons.tsv"],
        assets: ["admin-upload.js", "admin-confirm.js", "print.js", "favicon.svg"])
}

import GridCore

/// A link in the page header to a place where some roles work (指挥中心, 我的任务, …). Features
/// declare their links (``ServerFeature/navigation``); the header shows, in feature order, those
/// whose `roles` include the signed-in user's.
struct NavigationLink: Sendable {
    let path: String
    /// The label's key in the strings tables.
    let labelKey: String
    let roles: Set<Role>
}

/// A card on the administration home page (`/admin`): a section's page, its title and what it is for.
/// Features declare theirs (``ServerFeature/administration``), in the order they appear.
struct AdministrationSection: Sendable {
    let path: String
    /// The link's `id` (`link-<id>`), which the browser tests follow.
    let id: String
    let titleKey: String
    let introKey: String
}

/// What features declare for the pages around their own: header links and administration sections.
struct SiteMap: Sendable {
    let links: [NavigationLink]
    let sections: [AdministrationSection]
    let assessmentSections: [AssessmentSection]

    init(_ features: [ServerFeature]) {
        links = features.flatMap(\.navigation)
        sections = features.flatMap(\.administration)
        assessmentSections = features.flatMap(\.assessment)
    }
}

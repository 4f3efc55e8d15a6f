extension ServerFeature {
    /// The working calendar's administration (holidays, 调休 working weekends).
    static let calendar = ServerFeature(
        name: "calendar",
        routes: { router, environment in
            CalendarPages(store: environment.store, renderer: environment.renderer).register(on: router)
        },
        administration: [
            AdministrationSection(
                path: "/admin/calendar", id: "calendar", titleKey: "calendar_title", introKey: "calendar_intro")
        ],
        strings: ["calendar.tsv", "calendar-reasons.tsv"])
}

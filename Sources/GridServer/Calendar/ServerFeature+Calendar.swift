extension ServerFeature {
    /// The working calendar's administration (holidays, 调休 working weekends).
    static let calendar = ServerFeature(
        name: "calendar",
        routes: { router, environment in CalendarPages(store: environment.store, renderer: environment.renderer).register(on: router) })
}

import GridCore

/// What a page passes to the map component (`{{> map_view}}`): where its layer comes from, the
/// server-drawn SVG shown until the script has drawn the map, and the words of its controls.
struct MapView {
    let src: String
    let label: String
    let fallback: String
    let words: String
    /// The case the page is about: drawn apart and larger.
    let focus: String?

    init(region: RegionCode?, label: String, fallback: String, strings: [String: String], focus: String? = nil) {
        self.focus = focus
        src = "/api/v1/map" + (region.map { "?region=\($0.digits)" } ?? "")
        self.label = label
        self.fallback = fallback
        let keys = [
            "zoom_in": "map_zoom_in", "zoom_out": "map_zoom_out", "fit": "map_fit", "cases": "map_cases",
            "open": "kpi_open", "warned": "kpi_warned", "overdue": "kpi_overdue",
        ]
        words = JSONValue.object(keys.mapValues { .string(strings[$0] ?? $0) }).canonicalText
    }
}

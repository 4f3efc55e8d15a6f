import GridCore
import GridStore

/// What a page passes to the map component (`{{> map_view}}`): where its layer comes from, the
/// server-drawn SVG shown until the script has drawn the map, and the words of its controls.
struct MapView {
    let src: String
    let label: String
    let fallback: String
    let words: String
    /// The case the page is about: drawn apart and larger.
    let focus: String?
    /// Whether the map picks a position for its form (`#lat`, `#lng`) rather than opening things.
    let locate: Bool
    /// The element's id, for a page's script that works with the map.
    let id: String?

    init(
        region: RegionCode?, label: String, fallback: String, strings: [String: String], focus: String? = nil,
        locate: Bool = false, id: String? = nil
    ) {
        self.focus = focus
        self.locate = locate
        self.id = id ?? (locate ? "locate-map" : nil)
        src = "/api/v1/map" + (region.map { "?region=\($0.digits)" } ?? "")
        self.label = label
        self.fallback = fallback
        let keys = [
            "zoom_in": "map_zoom_in", "zoom_out": "map_zoom_out", "fit": "map_fit", "cases": "map_cases",
            "open": "kpi_open", "warned": "kpi_warned", "overdue": "kpi_overdue",
        ]
        words = JSONValue.object(keys.mapValues { .string(strings[$0] ?? $0) }).canonicalText
    }

    /// The map a form's position is picked on: `node`'s children (or `node` itself when it has
    /// none), drawn by the server until the script takes over.
    static func locating(_ node: RegionNode, strings: [String: String]) -> MapView? {
        let drawn = node.children.isEmpty ? [node.region].compactMap { $0 } : node.children
        guard let fallback = SVGMap.render(drawn, width: 360, link: { _ in nil }, label: strings["map"] ?? "") else {
            return nil
        }
        return MapView(
            region: node.region?.code, label: strings["map"] ?? "", fallback: fallback, strings: strings, locate: true)
    }
}

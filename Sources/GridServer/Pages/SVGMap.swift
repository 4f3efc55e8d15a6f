import Foundation
import GridCore

/// Draws regions as an SVG map, each region a link to its page. Longitude is scaled by cos(latitude)
/// so shapes keep their proportions; the result has no external references.
enum SVGMap {
    static func render(_ regions: [Region], width: Double = 600) -> String? {
        let drawn = regions.filter { $0.boundary != nil }
        guard !drawn.isEmpty else { return nil }
        var box = BoundingBox.empty
        for region in drawn { if let b = region.boundary { box.extend(b.boundingBox) } }
        let scaleX = cos((box.minLat + box.maxLat) / 2 * .pi / 180)
        let spanX = max((box.maxLng - box.minLng) * scaleX, 1e-9), spanY = max(box.maxLat - box.minLat, 1e-9)
        let height = width * spanY / spanX
        func x(_ p: GeoPoint) -> String { String(format: "%.1f", (p.lng - box.minLng) * scaleX / spanX * width) }
        func y(_ p: GeoPoint) -> String { String(format: "%.1f", (box.maxLat - p.lat) / spanY * height) }
        var svg = #"<svg class="map" viewBox="0 0 \#(Int(width)) \#(Int(height.rounded(.up)))" role="img" aria-label="map">"#
        for region in drawn {
            guard let boundary = region.boundary else { continue }
            var d = ""
            for polygon in boundary.polygons {
                for ring in polygon.rings {
                    for (i, p) in ring.enumerated() { d += (i == 0 ? "M" : "L") + x(p) + " " + y(p) }
                    d += "Z"
                }
            }
            let name = escape(region.name)
            svg += #"<a href="/regions/\#(region.code.digits)" aria-label="\#(name)"><path fill-rule="evenodd" d="\#(d)"><title>\#(name)</title></path></a>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

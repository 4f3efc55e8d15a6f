import Foundation
import GridCore

/// Draws regions as an SVG map. Longitude is scaled by cos(latitude) so shapes keep their
/// proportions; the result has no external references.
/// It is what a page shows before the map component (`map.js`) has drawn, and without script.
enum SVGMap {
    /// A point drawn over the regions: an open case, say.
    struct Marker {
        var point: GeoPoint
        var href: String?
        var cssClass: String
        var title: String
    }

    /// A line drawn over the regions: a patrol's track, its times kept for a replay's slider.
    struct Line {
        var points: [TrackPoint]
        var cssClass: String
        var id: String
    }

    static func render(
        _ regions: [Region], width: Double = 600, link: (Region) -> String? = { "/regions/\($0.code.digits)" },
        cssClass: (Region) -> String? = { _ in nil }, title: (Region) -> String = { $0.name },
        markers: [Marker] = [], lines: [Line] = [], label: String = "map"
    ) -> String? {
        let drawn = regions.filter { $0.boundary != nil }
        guard !drawn.isEmpty else { return nil }
        var box = BoundingBox.empty
        for region in drawn { if let b = region.boundary { box.extend(b.boundingBox) } }
        let scaleX = cos((box.minLat + box.maxLat) / 2 * .pi / 180)
        let spanX = max((box.maxLng - box.minLng) * scaleX, 1e-9)
        let spanY = max(box.maxLat - box.minLat, 1e-9)
        let height = width * spanY / spanX
        func x(_ p: GeoPoint) -> String { String(format: "%.1f", (p.lng - box.minLng) * scaleX / spanX * width) }
        func y(_ p: GeoPoint) -> String { String(format: "%.1f", (box.maxLat - p.lat) / spanY * height) }
        var svg =
            #"<svg class="map" viewBox="0 0 \#(Int(width)) \#(Int(height.rounded(.up)))" role="img" aria-label="\#(escape(label))""#
        svg += ">"
        for region in drawn {
            guard let boundary = region.boundary else { continue }
            var d = ""
            for polygon in boundary.polygons {
                for ring in polygon.rings {
                    for (i, p) in ring.enumerated() { d += (i == 0 ? "M" : "L") + x(p) + " " + y(p) }
                    d += "Z"
                }
            }
            let name = escape(title(region))
            let path = #"<path fill-rule="evenodd" d="\#(d)"><title>\#(name)</title></path>"#
            let classAttribute = cssClass(region).map { #" class="\#($0)""# } ?? ""
            if let href = link(region) {
                svg += #"<a href="\#(escape(href))" aria-label="\#(name)"\#(classAttribute)>\#(path)</a>"#
            } else {
                svg += #"<g\#(classAttribute)>\#(path)</g>"#
            }
        }
        for line in lines where !line.points.isEmpty {
            let points = line.points.map { x($0.point) + "," + y($0.point) }.joined(separator: " ")
            let times = line.points.map { String($0.at) }.joined(separator: " ")
            svg +=
                #"<polyline id="\#(escape(line.id))" class="\#(line.cssClass)" fill="none" points="\#(points)" data-times="\#(times)"/>"#
        }
        // Markers keep a visible size however tall the shape makes the drawing.
        let radius = String(format: "%.1f", max(width, height) * 0.012)
        for marker in markers {
            let circle =
                #"<circle class="case \#(marker.cssClass)" cx="\#(x(marker.point))" cy="\#(y(marker.point))" r="\#(radius)"><title>\#(escape(marker.title))</title></circle>"#
            svg +=
                marker.href.map { #"<a href="\#(escape($0))" aria-label="\#(escape(marker.title))">\#(circle)</a>"# }
                ?? circle
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

import Foundation

/// Charts drawn on the server as SVG, so a printed report and a page without scripts show them.
enum SVGCharts {
    struct Series {
        var name: String
        var cssClass: String
        var values: [Int]
    }

    /// Lines over days (趋势): one polyline a series, the y axis from 0 to the largest value, the
    /// first and last day named under the axis.
    static func trend(_ series: [Series], labels: [String], width: Int = 640, height: Int = 200, title: String)
        -> String
    {
        let count = series.map(\.values.count).max() ?? 0
        let top = max(1, series.flatMap(\.values).max() ?? 0)
        let (left, right, upper, lower) = (40.0, 10.0, 10.0, 30.0)
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - upper - lower
        func x(_ index: Int) -> Double {
            left + (count > 1 ? plotWidth * Double(index) / Double(count - 1) : plotWidth / 2)
        }
        func y(_ value: Int) -> Double { upper + plotHeight * (1 - Double(value) / Double(top)) }
        var svg =
            "<svg class=\"chart trend\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVGMap.escape(title))\">"
            + "<line class=\"axis\" x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(Double(width) - right)\" y2=\"\(y(0))\"/>"
            + "<text x=\"\(left - 4)\" y=\"\(y(top) + 4)\" text-anchor=\"end\">\(top)</text>"
            + "<text x=\"\(left - 4)\" y=\"\(y(0))\" text-anchor=\"end\">0</text>"
        for line in series where !line.values.isEmpty {
            let points = line.values.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }
            svg +=
                "<polyline class=\"\(line.cssClass)\" fill=\"none\" points=\"\(points.joined(separator: " "))\">"
                + "<title>\(SVGMap.escape(line.name))</title></polyline>"
        }
        if let first = labels.first, let last = labels.last {
            svg += "<text x=\"\(left)\" y=\"\(Double(height) - 8)\">\(SVGMap.escape(first))</text>"
            svg +=
                "<text x=\"\(Double(width) - right)\" y=\"\(Double(height) - 8)\" text-anchor=\"end\">\(SVGMap.escape(last))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars (类别分布), largest first as given, each labelled with its name and count.
    static func bars(_ bars: [(label: String, value: Int)], width: Int = 640, title: String) -> String {
        let rowHeight = 22.0
        let height = Int(rowHeight * Double(max(1, bars.count)) + 8)
        let top = max(1, bars.map(\.value).max() ?? 0)
        let (labelWidth, valueWidth) = (150.0, 60.0)
        let plotWidth = Double(width) - labelWidth - valueWidth
        var svg =
            "<svg class=\"chart bars\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(SVGMap.escape(title))\">"
        for (index, bar) in bars.enumerated() {
            let y = 4 + rowHeight * Double(index)
            let length = plotWidth * Double(bar.value) / Double(top)
            svg +=
                "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(SVGMap.escape(bar.label))</text>"
            svg += String(
                format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\"/>", labelWidth, y + 2, length)
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(bar.value)</text>"
        }
        return svg + "</svg>"
    }

}

/// An in-memory index of polygons answering "which polygon contains this point?".
///
/// A uniform bucket grid over the polygons' extent, about one bucket per polygon: a lookup hashes
/// the point to its bucket, tests the few bounding boxes listed there and runs point-in-polygon on
/// the survivors. Buckets are stored flat (compressed rows), so building and probing allocate little.
/// Immutable once built, so it is shared freely across tasks.
public struct SpatialIndex<Key: Sendable & Hashable>: Sendable {
    private let keys: [Key]
    private let boundaries: [Boundary]
    private let boxes: [BoundingBox]
    private let extent: BoundingBox
    private let columns: Int
    private let rows: Int
    private let cellWidth: Double
    private let cellHeight: Double
    /// `items[cellStart[c] ..< cellStart[c + 1]]` are the polygons overlapping cell `c`.
    private let cellStart: [Int32]
    private let items: [Int32]

    public var count: Int { keys.count }

    public init(_ entries: [(key: Key, boundary: Boundary)]) {
        keys = entries.map(\.key)
        boundaries = entries.map(\.boundary)
        boxes = boundaries.map(\.boundingBox)
        var extent = BoundingBox.empty
        for box in boxes where !box.isEmpty { extent.extend(box) }
        self.extent = extent
        guard !extent.isEmpty else {
            columns = 1
            rows = 1
            cellWidth = 1
            cellHeight = 1
            cellStart = [0, 0]
            items = []
            return
        }
        let width = max(extent.maxLng - extent.minLng, 1e-9)
        let height = max(extent.maxLat - extent.minLat, 1e-9)
        let cells = Double(max(entries.count, 1))
        let columns = max(1, min(4096, Int((cells * width / height).squareRoot().rounded(.up))))
        let rows = max(1, min(4096, Int((cells * height / width).squareRoot().rounded(.up))))
        self.columns = columns
        self.rows = rows
        cellWidth = width / Double(columns)
        cellHeight = height / Double(rows)

        // Two passes: count per cell, then fill.
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var spans: [(c0: Int, c1: Int, r0: Int, r1: Int)] = []
        spans.reserveCapacity(boxes.count)
        for box in boxes {
            guard !box.isEmpty else {
                spans.append((0, -1, 0, -1))
                continue
            }
            let c0 = Self.clamp(Int((box.minLng - extent.minLng) / cellWidth), columns)
            let c1 = Self.clamp(Int((box.maxLng - extent.minLng) / cellWidth), columns)
            let r0 = Self.clamp(Int((box.minLat - extent.minLat) / cellHeight), rows)
            let r1 = Self.clamp(Int((box.maxLat - extent.minLat) / cellHeight), rows)
            spans.append((c0, c1, r0, r1))
            if c0 <= c1 && r0 <= r1 {
                for r in r0...r1 { for c in c0...c1 { counts[r * columns + c + 1] += 1 } }
            }
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var next = counts
        var items = [Int32](repeating: 0, count: Int(counts.last ?? 0))
        for (index, span) in spans.enumerated() where span.c0 <= span.c1 && span.r0 <= span.r1 {
            for r in span.r0...span.r1 {
                for c in span.c0...span.c1 {
                    let cell = r * columns + c
                    items[Int(next[cell])] = Int32(index)
                    next[cell] += 1
                }
            }
        }
        cellStart = counts
        self.items = items
    }

    private static func clamp(_ value: Int, _ upper: Int) -> Int { min(max(value, 0), upper - 1) }

    /// The key of the polygon containing `point`, if any. Where polygons overlap, the first listed wins.
    public func locate(_ point: GeoPoint) -> Key? {
        guard extent.contains(point) else { return nil }
        let c = Self.clamp(Int((point.lng - extent.minLng) / cellWidth), columns)
        let r = Self.clamp(Int((point.lat - extent.minLat) / cellHeight), rows)
        let cell = r * columns + c
        var best: Int32 = .max
        for slot in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
            let index = items[slot]
            if index < best, boxes[Int(index)].contains(point), boundaries[Int(index)].contains(point) {
                best = index
            }
        }
        return best == .max ? nil : keys[Int(best)]
    }
}

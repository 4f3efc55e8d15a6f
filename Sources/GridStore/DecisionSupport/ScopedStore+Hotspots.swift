import GridCore

/// How grids neighbour one another in a hotspot analysis.
public enum HotspotNeighbourhood: Sendable, Hashable {
    /// Grids sharing a boundary vertex (queen contiguity).
    case sharedBoundary
    /// Grids whose seats lie within this many metres.
    case distanceBand(Double)
}

/// One grid of a hotspot map: its reports, Gi* z and p, and its class after the false-discovery
/// correction (``Hotspots/classes(_:)``).
public struct GridHotspot: Sendable, Hashable {
    public var grid: Region
    public var count: Int
    public var z: Double
    public var p: Double
    /// `nil`: not significant at 90% after the correction.
    public var hot: Bool?
    public var confidence: Hotspots.Confidence?
}

extension ScopedStore {
    /// Gi* over the grids of one county (or a township or community in it) for the reports of a
    /// category (every category when `nil`) over a period. Above a county it is refused: the
    /// lattice is a county's grids.
    public func hotspots(
        in area: RegionCode, category: String?, period: AssessmentPeriod, neighbourhood: HotspotNeighbourhood
    ) async throws -> [GridHotspot] {
        guard [.admin, .auditor, .centre, .leader, .station, .gridleader].contains(caller.role) else {
            throw StoreError.outOfScope("hotspots")
        }
        try requireInScope(area)
        guard area.level >= .county else {
            throw StoreError.invalid(field: "region", reason: "hotspots are computed over one county's grids at most")
        }
        let range = area.level == .county ? CodeRange(prefix: area.countyCode) : area.subtreeRange
        let (grids, counts) = try await store.database.read { db in
            let grids = try db.query(
                """
                SELECT code FROM regions WHERE county_code = ? AND level = ? AND code >= ? AND code < ? ORDER BY code
                """,
                [
                    .text(area.countyCode), .integer(Int64(RegionLevel.grid.rawValue)), .text(range.lowerBound),
                    .text(range.upperBound),
                ]
            ).compactMap { try? RegionCode($0.text(0)) }
            let withBoundaries = try grids.compactMap { try RegionQueries.find($0, on: db) }
            var sql = """
                SELECT SUBSTR(region_code, 1, 15), COUNT(*) FROM cases
                WHERE county_code = ? AND reported_at >= ? AND reported_at < ? AND region_code >= ? AND region_code < ?
                """
            var arguments: [SQLValue] = [
                .text(area.countyCode), .integer(WorkingCalendar.startMilliseconds(of: period.from)),
                .integer(WorkingCalendar.startMilliseconds(of: CalendarDay(index: period.to.index + 1))),
                .text(range.lowerBound), .text(range.upperBound),
            ]
            if let category {
                sql += " AND category = ?"
                arguments.append(.text(category))
            }
            var counts: [String: Int] = [:]
            for row in try db.query(sql + " GROUP BY SUBSTR(region_code, 1, 15)", arguments) {
                counts[try row.text(0)] = Int(try row.integer(1))
            }
            return (withBoundaries, counts)
        }
        let neighbours: [[Int]]
        switch neighbourhood {
        case .sharedBoundary:
            neighbours = Hotspots.queenContiguity(grids.map { $0.boundary ?? Boundary(polygons: []) })
        case .distanceBand(let metres):
            guard metres > 0, metres.isFinite else {
                throw StoreError.invalid(field: "distance", reason: "must be a positive number of metres")
            }
            let origin = grids.first?.seat ?? GeoPoint(lat: 0, lng: 0)
            neighbours = Hotspots.distanceBand(
                grids.map { grid in
                    let seat = grid.seat ?? origin
                    return Hotspots.Cell(
                        id: grid.code.digits,
                        x: GeoPoint.distanceMetres(origin, GeoPoint(lat: origin.lat, lng: seat.lng))
                            * (seat.lng < origin.lng ? -1 : 1),
                        y: GeoPoint.distanceMetres(origin, GeoPoint(lat: seat.lat, lng: origin.lng))
                            * (seat.lat < origin.lat ? -1 : 1), count: 0)
                }, distance: metres)
        }
        let values = grids.map { Double(counts[$0.code.digits] ?? 0) }
        let scored = Hotspots.giStar(counts: values, neighbours: neighbours)
        let scores = zip(grids, scored).map { Hotspots.Score(id: $0.0.code.digits, z: $0.1.z, p: $0.1.p) }
        let classes = Hotspots.classes(scores)
        return grids.indices.map { index in
            GridHotspot(
                grid: grids[index], count: counts[grids[index].code.digits] ?? 0, z: scores[index].z,
                p: scores[index].p,
                hot: classes[index]?.hot, confidence: classes[index]?.confidence)
        }
    }
}

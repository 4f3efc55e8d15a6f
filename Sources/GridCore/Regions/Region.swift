/// A node of the territory tree as stored and served.
public struct Region: Sendable, Hashable, Codable {
    public var code: RegionCode
    public var name: String
    public var level: RegionLevel
    /// The node this one hangs under; `nil` only for the top of the territory.
    public var parentCode: RegionCode?
    /// A seat point (WGS-84), where known.
    public var seat: GeoPoint?
    /// The boundary, where known (grids always have one).
    public var boundary: Boundary?

    public init(
        code: RegionCode, name: String, level: RegionLevel, parentCode: RegionCode?, seat: GeoPoint? = nil,
        boundary: Boundary? = nil
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.seat = seat
        self.boundary = boundary
    }
}

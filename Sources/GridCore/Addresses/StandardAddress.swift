/// A level of the standard address tree (标准地址库), below the region tree's grids.
public enum AddressLevel: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// A road and door number (`文三路12号`) or a residential compound (`翠苑一区`).
    case place = 1
    /// 楼栋: `3幢`.
    case building = 2
    /// 单元: `2单元`.
    case unit = 3
    /// 室: `501室`.
    case room = 4

    public static func < (lhs: AddressLevel, rhs: AddressLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One standard address: a place, a building, a unit or a room, with the grid it lies in.
public struct StandardAddress: Sendable, Hashable {
    /// Stable across edits: `330106-000123`.
    public var code: String
    public var parentCode: String?
    public var level: AddressLevel
    /// As written on the door: `文三路12号`, `3幢`, `2单元`, `501室`.
    public var name: String
    /// The grid (or the deepest region known) it lies in.
    public var regionCode: RegionCode
    public var point: GeoPoint?

    public init(
        code: String, parentCode: String?, level: AddressLevel, name: String, regionCode: RegionCode,
        point: GeoPoint? = nil
    ) {
        self.code = code
        self.parentCode = parentCode
        self.level = level
        self.name = name
        self.regionCode = regionCode
        self.point = point
    }
}

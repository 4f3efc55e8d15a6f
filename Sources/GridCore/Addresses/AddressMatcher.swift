/// Finds the standard address a free-text address names (地址匹配): the deepest level it reaches,
/// how sure the match is, and the places it might mean when it is not sure.
///
/// The place is found first — by its normalised name, or else by the longest standard place name
/// the text contains (`某某小区文三路12号` names `文三路12号`) — then its building, unit and room by
/// number. Each level the text gives but the tree lacks, and each region name that does not hold
/// the place, lowers the confidence. Built once for a county's addresses and reused: matching
/// reads dictionaries only.
public struct AddressMatcher: Sendable {
    public struct Match: Sendable, Equatable {
        /// The deepest standard address reached, when a place was found.
        public var address: StandardAddress?
        /// The grid or region the text is placed in: the address's, or the deepest region it names.
        public var regionCode: RegionCode?
        /// 0…1: 1 when every level the text gives was found and its regions hold it.
        public var confidence: Double
        /// Places it may mean, best first, when it is not sure (for the intake operator to pick).
        public var candidates: [StandardAddress]

        /// Sure enough to route a case without a person checking.
        public var isConfident: Bool { address != nil && confidence >= AddressMatcher.confidentAt }
    }

    public static let confidentAt = 0.8

    private let byCode: [String: StandardAddress]
    private let placesByName: [String: [StandardAddress]]
    /// Place names longest first, for finding one inside a longer text.
    private let placeNames: [String]
    private let children: [String: [String: StandardAddress]]
    private let regionNames: [String: [RegionCode]]
    /// The same names longest first, for taking them off the front of a text.
    private let sortedRegionNames: [String]

    /// `addresses`: a county's standard addresses; `regions`: its regions (for names the text
    /// starts with and for checking they hold the place).
    public init(addresses: [StandardAddress], regions: [Region]) {
        var byCode: [String: StandardAddress] = [:]
        var places: [String: [StandardAddress]] = [:]
        var children: [String: [String: StandardAddress]] = [:]
        for address in addresses {
            byCode[address.code] = address
            let key = AddressText.normalised(address.name)
            if address.level == .place {
                places[key, default: []].append(address)
            } else if let parent = address.parentCode {
                children[parent, default: [:]][key] = address
            }
        }
        self.byCode = byCode
        placesByName = places
        placeNames = places.keys.sorted { $0.count > $1.count }
        self.children = children
        var names: [String: [RegionCode]] = [:]
        for region in regions { names[AddressText.normalised(region.name), default: []].append(region.code) }
        regionNames = names
        sortedRegionNames = names.keys.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The address with this code, if the county has it.
    public func address(code: String) -> StandardAddress? { byCode[code] }

    /// The addresses of one level placed in `region` (a grid's buildings, say), by code.
    public func addresses(in region: RegionCode, level: AddressLevel) -> [StandardAddress] {
        byCode.values.filter { $0.regionCode == region && $0.level == level }.sorted { $0.code < $1.code }
    }

    /// The address itself or the one above it at `level` (a room's building), if there is one.
    public func ancestor(of address: StandardAddress, at level: AddressLevel) -> StandardAddress? {
        var current: StandardAddress? = address
        while let here = current, here.level > level { current = here.parentCode.flatMap { byCode[$0] } }
        return current?.level == level ? current : nil
    }

    /// An address written out from its place down: `文三路12号3幢2单元501室`.
    public func path(of address: StandardAddress) -> String {
        var names = [address.name]
        var parent = address.parentCode
        while let code = parent, let above = byCode[code] {
            names.insert(above.name, at: 0)
            parent = above.parentCode
        }
        return names.joined()
    }

    public func match(_ text: String) -> Match {
        let parts = AddressText.parts(text, normalisedRegionNames: sortedRegionNames)
        let named = parts.regions.compactMap { regionNames[$0] }
        // The deepest region the text names that fits under the ones before it.
        var namedRegion: RegionCode?
        for codes in named {
            let fitting = codes.filter { code in namedRegion.map { $0.contains(code) } ?? true }
            if let deepest = fitting.max(by: { $0.level < $1.level }) { namedRegion = deepest }
        }
        guard let placeText = parts.place else {
            return Match(
                address: nil, regionCode: namedRegion, confidence: namedRegion == nil ? 0 : 0.5, candidates: [])
        }
        var confidence = 1.0
        var candidates = placesByName[placeText] ?? []
        if candidates.isEmpty, let contained = placeNames.first(where: { placeText.contains($0) }) {
            candidates = placesByName[contained] ?? []
            confidence *= 0.85
        }
        if let namedRegion {
            let held = candidates.filter { namedRegion.contains($0.regionCode) }
            if held.isEmpty { confidence *= 0.5 } else { candidates = held }
        }
        guard var address = candidates.first else {
            return Match(
                address: nil, regionCode: namedRegion, confidence: namedRegion == nil ? 0 : 0.5, candidates: [])
        }
        // The same place name in two communities: not sure which.
        if candidates.count > 1 { confidence *= 0.6 }
        let levels: [String?] = [
            parts.building.map { "\($0)幢" }, parts.unit.map { "\($0)单元" }, parts.room.map { "\($0)室" },
        ]
        for name in levels {
            guard let name else { continue }
            guard let child = children[address.code]?[name] else {
                confidence *= 0.7
                break
            }
            address = child
        }
        return Match(
            address: address, regionCode: address.regionCode, confidence: confidence,
            candidates: confidence >= Self.confidentAt ? [] : Array(candidates.prefix(5)))
    }
}

import Foundation
import GridCore
import GridStore
import Hummingbird

/// `GET /api/v1/map`: what the map component (`/assets/map.js`) draws for a region of the caller's
/// scope — the region, its children with boundaries, names and open-case tallies, and the located
/// open cases beneath with their lights. Residents, and reporters without an account (the map a
/// resident places a report on), get the regions alone: other people's cases are not theirs to see.
/// And `GET /tiles/{z}/{x}/{y}`, the basemap's tiles when
/// the server was started with an MBTiles file.
struct MapRoutes {
    let store: GridStore
    let basemap: Basemap

    func register(on router: Router<GridRequestContext>) {
        router.get("/api/v1/map") { request, context in
            let scoped = store.scoped(to: context.caller ?? CaseRoutes.anonymous)
            // An empty region is refused like any other code that is not one (the API's rule).
            let region = try request.queryParameters.get("region").map { try RegionRoutes.code($0, field: "region") }
            return JSONResponse(try await layer(scoped, region: region))
        }
        router.get("/tiles/:z/:x/:y") { _, context in
            guard let tiles = basemap.tiles else {
                throw APIError(.notFound, code: "not_found", message: "this server has no basemap file")
            }
            // `y` may carry the image's extension (`3.png`), as tile clients often ask.
            let yText = try context.pathParameter("y").split(separator: ".").first.map(String.init) ?? ""
            guard let z = Int(try context.pathParameter("z")), let x = Int(try context.pathParameter("x")),
                let y = Int(yText)
            else {
                throw APIError.invalid("tile", "z, x and y are whole numbers")
            }
            guard let data = try tiles.tile(z: z, x: x, y: y) else {
                throw APIError(.notFound, code: "not_found", message: "no tile \(z)/\(x)/\(y)")
            }
            return Response(
                status: .ok, headers: [.contentType: tiles.contentType, .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private func layer(_ scoped: ScopedStore, region: RegionCode?) async throws -> JSONValue {
        let node =
            if let region { try await scoped.region(region, childBoundaries: true) } else {
                try await scoped.topRegion(childBoundaries: true)
            }
        let drawn = node.children.isEmpty ? [node.region].compactMap { $0 } : node.children
        let seesCases = scoped.caller.role != .resident
        let tallies =
            seesCases ? try await scoped.openCaseTallies(under: node.region?.code, children: drawn) : [:]
        let (cases, truncated) = seesCases ? try await scoped.mapCases(within: region) : ([], false)
        let catalogue = try await store.catalogue()
        let names = Dictionary(catalogue.categories.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var object: [String: JSONValue] = [
            "region": node.region.map(RegionJSON.encode) ?? .null,
            "regions": .array(
                drawn.map { child in
                    guard case .object(var encoded) = RegionJSON.encode(child) else { return .null }
                    let tally = tallies[child.code.digits] ?? CaseTally()
                    encoded["open"] = .number(Double(tally.open))
                    encoded["warned"] = .number(Double(tally.warned))
                    encoded["overdue"] = .number(Double(tally.overdue))
                    encoded["drills"] = .bool(!node.children.isEmpty)
                    return .object(encoded)
                }),
            "cases": .array(
                cases.map { c in
                    [
                        "number": .string(c.number), "lat": .number(c.point.lat), "lng": .number(c.point.lng),
                        "light": .string(c.light.rawValue), "category_name": .string(names[c.category] ?? c.category),
                    ]
                }),
            "truncated": .bool(truncated),
        ]
        object["basemap"] = basemap.json
        return .object(object)
    }
}

/// Where the map's basemap comes from: an MBTiles file served from `/tiles/…`, a tile URL template
/// (a county's own tile server, 天地图 with its key), or nothing — the map then reads as a map from
/// GridGov's own layers.
struct Basemap: Sendable {
    var tiles: BasemapTiles?
    /// `{z}`, `{x}` and `{y}` stand for the tile's address.
    var urlTemplate: String?
    /// Whether the tiles are drawn in GCJ-02 (most Chinese tile services), so WGS-84 layers are
    /// shifted onto them.
    var gcj02 = false
    var attribution: String?

    init(configuration: ServerConfiguration) throws {
        if let path = configuration.basemapFile {
            let tiles = try BasemapTiles(path: path)
            self.tiles = tiles
            attribution = tiles.name
        }
        urlTemplate = configuration.basemapURL
        gcj02 = configuration.basemapDatum == .gcj02
        if urlTemplate != nil, attribution == nil { attribution = configuration.basemapAttribution }
    }

    var json: JSONValue {
        if let tiles {
            return [
                "url": "/tiles/{z}/{x}/{y}", "min_zoom": .number(Double(tiles.zoomLevels.lowerBound)),
                "max_zoom": .number(Double(tiles.zoomLevels.upperBound)), "datum": "wgs84",
                "attribution": JSONValue(attribution),
            ]
        }
        guard let urlTemplate else { return .null }
        return [
            "url": .string(urlTemplate), "min_zoom": 1, "max_zoom": 18, "datum": gcj02 ? "gcj02" : "wgs84",
            "attribution": JSONValue(attribution),
        ]
    }
}

import GridCore
import GridStore
import Hummingbird

/// Browsing the territory tree, searching it by name and locating a point to its grid, always
/// within the caller's scope; admins may add or redraw regions.
///
/// - `GET /api/v1/regions` — the top of the caller's scope with its children (`?q=` searches names instead;
///   `?limit=` caps either list)
/// - `GET /api/v1/regions/{code}` — one node with its boundary and children
/// - `PUT /api/v1/regions/{code}` — add or change a region (admins): `{name, parent_code, boundary, datum}`
/// - `GET /api/v1/locate?lat=&lng=[&datum=gcj02]` — the grid containing a point
struct RegionRoutes {
    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.get("/api/v1/regions") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let limit = try Self.limit(request)
            if let query = try request.queryParameters.get("q") {
                // Counted in code points, as the API description's maxLength counts them.
                guard (1...50).contains(query.unicodeScalars.count) else {
                    throw APIError.invalid("q", "must have 1 to 50 characters")
                }
                let found = try await scoped.searchRegions(name: query, limit: limit ?? 50)
                return JSONResponse(["regions": .array(found.map { RegionJSON.encode($0) })])
            }
            var node = try await scoped.topRegion()
            if let limit { node.children = Array(node.children.prefix(limit)) }
            return JSONResponse(RegionJSON.encode(node))
        }
        router.get("/api/v1/regions/:code") { _, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let code = try Self.code(try context.pathParameter("code"), field: "code")
            return JSONResponse(RegionJSON.encode(try await scoped.region(code)))
        }
        router.put("/api/v1/regions/:code") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let code = try Self.code(try context.pathParameter("code"), field: "code")
            try scoped.requireRegionEditor(code)  // before the body: others learn 403, not what is wrong with it
            let body = try await request.decodeJSON(
                RegionJSON.Input.self, allowedFields: RegionJSON.Input.fields, context: context)
            return JSONResponse(RegionJSON.encode(try await Self.save(try body.region(code: code), scoped: scoped)))
        }
        router.get("/api/v1/locate") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let lat = try Self.number(request, "lat")
            let lng = try Self.number(request, "lng")
            let point = try Self.point(
                lat: lat, lng: lng, datum: try Self.datum(try request.queryParameters.get("datum")))
            let grid = try await scoped.locate(point)
            return JSONResponse([
                "grid": RegionJSON.encode(grid), "point": ["lat": .number(point.lat), "lng": .number(point.lng)],
            ])
        }
    }

    /// Saves a region checked by ``RegionJSON/Input/region(code:)`` and reads it back as stored:
    /// what `PUT /api/v1/regions/{code}` and the administration page's boundary upload both do.
    static func save(_ region: Region, scoped: ScopedStore) async throws -> RegionNode {
        try await scoped.saveRegion(region)
        return try await scoped.region(region.code)
    }

    static func code(_ text: String, field: String) throws(APIError) -> RegionCode {
        do { return try RegionCode(text) } catch { throw APIError.invalid(field, error.reason) }
    }

    static func number(_ request: Request, _ name: String) throws(APIError) -> Double {
        guard let text = try request.queryParameters.get(name) else { throw APIError.invalid(name, "is required") }
        guard let value = Double(text), value.isFinite else {
            throw APIError.invalid(name, "'\(text)' is not a number")
        }
        return value
    }

    /// A point given by a client, checked and converted to WGS-84; errors name `lat` or `lng`.
    static func point(lat: Double, lng: Double, datum: CoordinateSystem) throws(APIError) -> GeoPoint {
        do { return datum.toWGS84(try GeoPoint(validatingLat: lat, lng: lng)) } catch {
            throw APIError.invalid(error.field ?? "lat", error.reason)
        }
    }

    /// A point from a latitude and a longitude that go together: `nil` when both are absent, 400
    /// naming the missing one when only one is given.
    static func point(lat: Double?, lng: Double?, datum: CoordinateSystem) throws(APIError) -> GeoPoint? {
        switch (lat, lng) {
        case (.some(let lat), .some(let lng)): return try point(lat: lat, lng: lng, datum: datum)
        case (nil, nil): return nil
        case (nil, _): throw APIError.invalid("lat", "lat and lng go together")
        case (_, nil): throw APIError.invalid("lng", "lat and lng go together")
        }
    }

    static func datum(_ text: String?) throws(APIError) -> CoordinateSystem {
        guard let text else { return .wgs84 }
        guard let datum = CoordinateSystem(rawValue: text.lowercased()) else {
            throw APIError.invalid("datum", "must be wgs84 or gcj02")
        }
        return datum
    }

    /// At most how many regions to answer: matches of a search, or children of the node; `nil` when not given.
    static func limit(_ request: Request) throws(APIError) -> Int? {
        guard let text = try request.queryParameters.get("limit") else { return nil }
        guard let limit = Int(text), (1...500).contains(limit) else {
            throw APIError.invalid("limit", "must be 1 to 500")
        }
        return limit
    }
}

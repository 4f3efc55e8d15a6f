import Foundation
import GridCore
import GridStore
import Hummingbird

/// The case API:
/// - `POST /api/v1/cases` — report (no account needed for residents; rate-limited per client)
/// - `GET /api/v1/cases` — the caller's queue: `state`, `category`, `region`, `overdue`, `channel`, `q`, `from`, `to`, `cursor`, `limit`
/// - `GET /api/v1/cases/{number}` — detail with history and the actions open to the caller (`?tracking_token=` for reporters)
/// - `POST /api/v1/cases/{number}/actions` — take an action; 409 with `allowed_actions` when it is not allowed
/// - `GET /api/v1/case-stats` — open, overdue, and where closed cases were handled (小事不出格、大事不出网 as shares)
/// - `GET /api/v1/categories`, `PUT /api/v1/categories` — the catalogue (export/import as JSON; admins change it)
struct CaseRoutes {
    let store: GridStore
    let limiter: AttemptLimiter

    func register(on router: Router<GridRequestContext>) {
        router.post("/api/v1/cases") { request, context in try await report(request, context) }
        router.get("/api/v1/cases") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let page = try await scoped.cases(try Self.query(request))
            let catalogue = try await store.catalogue()
            return JSONResponse([
                "cases": .array(page.cases.map { .object(CaseJSON.encode($0.0, status: $0.1, catalogue: catalogue)) }),
                "next_cursor": JSONValue(page.nextCursor),
            ])
        }
        router.get("/api/v1/case-stats") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let region = try request.queryParameters.get("region").map { try RegionRoutes.code($0, field: "region") }
            let shares = try await scoped.linkageShares(region: region)
            return JSONResponse([
                "open": .number(Double(shares.open)), "overdue": .number(Double(shares.overdue)),
                "closed": .number(Double(shares.closed)),
                "closed_by_level": .object(
                    Dictionary(
                        uniqueKeysWithValues: LinkageShares.HandlingLevelName.allCases.map {
                            ($0.rawValue, JSONValue.number(Double(shares.closedByLevel[$0, default: 0])))
                        })),
                "share_within_grid": shares.withinGrid.map(JSONValue.number) ?? .null,
                "share_within_township": shares.withinTownship.map(JSONValue.number) ?? .null,
            ])
        }
        router.get("/api/v1/cases/:number") { request, context in
            let token = try request.queryParameters.get("tracking_token")
            let scoped = store.scoped(to: context.caller ?? Self.anonymous)
            return JSONResponse(
                CaseJSON.detail(
                    try await scoped.caseDetail(number: try context.pathParameter("number"), trackingToken: token),
                    catalogue: try await store.catalogue()))
        }
        router.post("/api/v1/cases/:number/actions") { request, context in
            let body = try await request.decodeJSON(
                CaseJSON.ActionInput.self, allowedFields: CaseJSON.ActionInput.fields, context: context)
            let scoped = store.scoped(to: context.caller ?? Self.anonymous)
            let input = CaseActionInput(
                action: body.action, note: body.note, unit: body.unit, hours: body.hours, rating: body.rating,
                duplicateOf: body.duplicate_of, departments: body.departments, trackingToken: body.tracking_token,
                location: try body.location(), reply: body.reply)
            return JSONResponse(
                CaseJSON.detail(
                    try await scoped.act(on: try context.pathParameter("number"), input),
                    catalogue: try await store.catalogue()))
        }
        router.get("/api/v1/categories") { _, _ in
            JSONResponse(try JSONValue.encoding(CatalogueFile(try await store.catalogue())))
        }
        router.put("/api/v1/categories") { request, context in
            let caller = try context.requireCaller()
            // Before the body: others learn 403, not what is wrong with it.
            try GridStore.requireCatalogueEditor(caller)
            let file = try await request.decodeJSON(CatalogueFile.self, allowedFields: ["categories"], context: context)
            try await store.saveCatalogue(try file.catalogue(), by: caller)
            return JSONResponse(try JSONValue.encoding(CatalogueFile(try await store.catalogue())))
        }
    }

    /// Reporters without an account act as an anonymous resident.
    static let anonymous = Caller(actor: ScopedStore.anonymousActor, role: .resident, scope: .territory)

    private func report(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let body = try CaseJSON.ReportInput(
            try await request.decodeJSONObject(allowedFields: CaseJSON.ReportInput.fields, context: context))
        let caller = context.caller ?? Self.anonymous
        if context.caller == nil, let wait = limiter.take(context.clientKey) {
            var error = APIError(
                .tooManyRequests, code: "too_many_reports",
                message: "too many reports from this client; try again in \(wait) s")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let datum = try RegionRoutes.datum(body.datum)
        let location = try RegionRoutes.point(lat: body.lat, lng: body.lng, datum: datum)
        let region = try body.region_code.map { try RegionRoutes.code($0, field: "region_code") }
        let channel = body.channel ?? Self.defaultChannel(caller.role)
        let reported = try await store.scoped(to: caller).report(
            CaseReport(
                category: body.category, description: body.description, location: location, regionCode: region,
                address: body.address, channel: channel, reporterPhone: body.reporter_phone))
        var object = CaseJSON.encode(reported.record, status: .normal, catalogue: try await store.catalogue())
        object["tracking_token"] = JSONValue(reported.trackingToken)
        var response = try JSONResponse(.object(object), status: .created).response(from: request, context: context)
        response.headers[.location] = "/api/v1/cases/\(reported.record.number)"
        return response
    }

    static func defaultChannel(_ role: Role) -> CaseChannel {
        switch role {
        case .worker, .gridleader: .patrol
        case .centre, .leader: .hotline
        case .integration: .integration
        default: .resident
        }
    }

    static func query(_ request: Request) throws -> CaseQuery {
        let parameters = try request.queryParameters
        var query = CaseQuery()
        if let states = parameters.get("state") {
            query.states = try states.split(separator: ",", omittingEmptySubsequences: false).map { text in
                guard let state = CaseState(rawValue: String(text)) else {
                    throw APIError.invalid("state", "unknown state '\(text)'")
                }
                return state
            }
        }
        query.category = parameters.get("category")
        if let region = parameters.get("region") { query.region = try RegionRoutes.code(region, field: "region") }
        if let overdue = parameters.get("overdue") {
            guard let flag = Bool(overdue) else { throw APIError.invalid("overdue", "must be true or false") }
            query.overdue = flag
        }
        if let channel = parameters.get("channel") {
            guard let value = CaseChannel(rawValue: channel) else {
                throw APIError.invalid("channel", "unknown channel '\(channel)'")
            }
            query.channel = value
        }
        query.text = parameters.get("q")
        for (name, keyPath) in [
            ("from", \CaseQuery.reportedFromMilliseconds), ("to", \CaseQuery.reportedToMilliseconds),
        ] {
            if let text = parameters.get(name) { query[keyPath: keyPath] = try Self.time(text, field: name) }
        }
        query.cursor = parameters.get("cursor")
        if let limit = parameters.get("limit") {
            guard let value = Int(limit), (1...200).contains(value) else {
                throw APIError.invalid("limit", "must be a whole number from 1 to 200")
            }
            query.limit = value
        }
        return query
    }

    /// An ISO 8601 time with its zone (`2026-11-23T10:00:00+08:00`), refused with 400 naming
    /// `field` when it is malformed or names a day or time that does not exist.
    static func time(_ text: String, field: String) throws(APIError) -> Int64 {
        guard let milliseconds = ISO8601UTC.parse(text) else {
            throw APIError.invalid(
                field, "'\(text)' is not an existing ISO 8601 time with its zone, e.g. 2026-11-23T10:00:00+08:00")
        }
        return milliseconds
    }
}

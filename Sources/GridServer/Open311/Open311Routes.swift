import Foundation
import GridCore
import GridStore
import Hummingbird

/// Open311 GeoReport v2 under `/open311/v2`, so Open311 clients (and a FixMyStreet site) can report
/// into GridGov and follow their reports. Services are the catalogue's reportable categories;
/// `service_request_id` is the case number. The `api_key` is a GridGov API token, required to post.
/// Reads work without a key, as clients expect, but then show only the public projection of a
/// request (status, category, times, community) — never its description or exact position; with a
/// key they show everything within the key's scope.
struct Open311Routes {
    let store: GridStore
    static let prefix = "/open311/v2"

    func register(on router: Router<GridRequestContext>) {
        router.get("\(Self.prefix)/:file") { request, context in
            try await guarded(context) { format, name in
                switch name {
                case "discovery": return discovery(format, request)
                case "services": return try await services(format)
                case "requests": return try await listRequests(format, request)
                case "servicerequestupdates": return try await updates(format, request)
                default:
                    throw Open311Error(status: .notFound, description: "no such resource '\(name)'", format: format)
                }
            }
        }
        router.post("\(Self.prefix)/:file") { request, context in
            try await guarded(context) { format, name in
                switch name {
                case "requests": return try await postRequest(format, request, context)
                case "servicerequestupdates": return try await postUpdate(format, request, context)
                default:
                    throw Open311Error(status: .notFound, description: "no such resource '\(name)'", format: format)
                }
            }
        }
        router.get("\(Self.prefix)/services/:file") { _, context in
            try await guarded(context) { format, code in
                let catalogue = try await store.catalogue()
                guard catalogue.reportable(code) != nil else {
                    throw Open311Error(status: .notFound, description: "no service '\(code)'", format: format)
                }
                return format.single(
                    root: "service_definition",
                    [("service_code", .text(code)), ("attributes", .list(itemName: "attribute", []))])
            }
        }
        router.get("\(Self.prefix)/requests/:file") { request, context in
            try await guarded(context) { format, id in
                let (caller, isPublic) = try await readCaller(request, format)
                let view: CaseView
                do { view = try await store.scoped(to: caller).caseDetail(number: id) } catch StoreError.notFound {
                    throw Open311Error(status: .notFound, description: "no service request '\(id)'", format: format)
                }
                let catalogue = try await store.catalogue()
                return format.response(
                    root: "service_requests", item: "request",
                    [
                        Self.fields(
                            view.record, catalogue: catalogue, history: view.history,
                            notes: extensions(request) && !isPublic, isPublic: isPublic)
                    ])
            }
        }
        router.get("\(Self.prefix)/tokens/:file") { _, context in
            try await guarded(context) { format, token in
                // Requests get their id at once, so no token is ever outstanding.
                throw Open311Error(
                    status: .notFound,
                    description: "no pending token '\(token)': service_request_id is returned on POST", format: format)
            }
        }
    }

    /// Parses the format from the path and turns every failure into a GeoReport error.
    private func guarded(_ context: GridRequestContext, _ body: (Open311Format, String) async throws -> Response)
        async throws -> Response
    {
        let file = try context.pathParameter("file")
        let (name, format) = try Open311Format.split(file)
        do { return try await body(format, name) } catch let error as Open311Error {
            throw error
        } catch {
            guard let apiError = APIError.from(error) else { throw error }
            let status: HTTPResponse.Status =
                [.unauthorized, .forbidden].contains(apiError.status)
                ? .forbidden : (apiError.status == .notFound ? .notFound : .badRequest)
            throw Open311Error(
                status: status, description: (apiError.field.map { "\($0): " } ?? "") + apiError.message, format: format
            )
        }
    }

    private func discovery(_ format: Open311Format, _ request: Request) -> Response {
        let endpoint: [(String, Open311Format.Node)] = [
            ("specification", .text("http://wiki.open311.org/GeoReport_v2")), ("url", .text(Self.prefix)),
            ("changeset", .text("2026-11-22T00:00:00Z")), ("type", .text("production")),
            ("formats", .strings(itemName: "format", ["text/xml", "application/json"])),
        ]
        return format.single(
            root: "discovery",
            [
                ("changeset", .text("2026-11-22T00:00:00Z")), ("contact", .text("GridGov command centre")),
                ("key_service", .text("API tokens are issued by the administrators (gridgov token add)")),
                ("endpoints", .list(itemName: "endpoint", [endpoint])),
            ])
    }

    private func services(_ format: Open311Format) async throws -> Response {
        let catalogue = try await store.catalogue()
        let groups = Dictionary(
            uniqueKeysWithValues: catalogue.categories.filter { $0.parent == nil }.map { ($0.code, $0.name) })
        let items = catalogue.categories.filter { $0.parent != nil }.map { category -> [(String, Open311Format.Node)] in
            [
                ("service_code", .text(category.code)), ("service_name", .text(category.name)),
                ("description", .text(category.name)), ("metadata", .text("false")), ("type", .text("realtime")),
                ("keywords", .text(category.name)), ("group", .text(category.parent.flatMap { groups[$0] })),
            ]
        }
        return format.response(root: "services", item: "service", items)
    }

    private func postRequest(_ format: Open311Format, _ request: Request, _ context: GridRequestContext) async throws
        -> Response
    {
        let form = try await FormFields.read(request, limit: context.maxUploadSize)
        let caller = try await apiCaller(request, format, form: form)
        guard let code = form["service_code"], !code.isEmpty else {
            throw Open311Error(status: .badRequest, description: "service_code is required", format: format)
        }
        let location = try RegionRoutes.point(lat: try form.number("lat"), lng: try form.number("long"), datum: .wgs84)
        let region = try form["address_id"].map { try RegionRoutes.code($0, field: "address_id") }
        // GeoReport v2: lat/long OR address_string OR address_id. An address alone waits at the top of
        // the key's scope, 位置待确认, until the intake operator places it.
        let address = form["address_string"].flatMap {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
        }
        guard location != nil || region != nil || address != nil else {
            throw Open311Error(
                status: .badRequest,
                description: "a location is required: lat and long, address_string, or address_id (a region code)",
                format: format)
        }
        var description = form["description"] ?? ""
        let attributes = form.values.filter { $0.key.hasPrefix("attribute[") }.sorted { $0.key < $1.key }
        if !attributes.isEmpty {
            description += "\n" + attributes.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        }
        if let media = form["media_url"], !media.isEmpty { description += "\n" + media }
        // A multipart post may carry the photo itself (`media`), stored with the case.
        let photos = try form.photos("media")
        let reported = try await store.scoped(to: caller).report(
            CaseReport(
                category: code, description: description.isEmpty ? code : description, location: location,
                regionCode: region,
                address: address, channel: .open311, reporterPhone: form["phone"], photos: photos))
        return format.response(
            root: "service_requests", item: "request",
            [
                [
                    ("service_request_id", .text(reported.record.number)),
                    ("service_notice", .text("已受理登记，案卷编号 \(reported.record.number)")), ("account_id", .text(nil)),
                ]
            ], status: .created)
    }

    private func listRequests(_ format: Open311Format, _ request: Request) async throws -> Response {
        let (caller, isPublic) = try await readCaller(request, format)
        let parameters = try request.queryParameters
        let scoped = store.scoped(to: caller)
        let catalogue = try await store.catalogue()
        if let ids = parameters.get("service_request_id") {
            var items: [[(String, Open311Format.Node)]] = []
            for id in ids.split(separator: ",").prefix(100) {
                if let view = try? await scoped.caseDetail(number: String(id)) {
                    items.append(
                        Self.fields(
                            view.record, catalogue: catalogue, history: view.history,
                            notes: extensions(request) && !isPublic, isPublic: isPublic))
                }
            }
            return format.response(root: "service_requests", item: "request", items)
        }
        var query = CaseQuery()
        let end =
            try parameters.get("end_date").map { try CaseRoutes.time($0, field: "end_date") }
            ?? store.now.epochMilliseconds
        let start =
            try parameters.get("start_date").map { try CaseRoutes.time($0, field: "start_date") } ?? end - 90
            * 86_400_000
        query.reportedFromMilliseconds = start
        query.reportedToMilliseconds = end
        query.category = parameters.get("service_code")
        if let status = parameters.get("status") {
            let open = status.split(separator: ",").contains("open")
            let closed = status.split(separator: ",").contains("closed")
            guard open || closed else {
                throw Open311Error(status: .badRequest, description: "status must be open or closed", format: format)
            }
            query.states = CaseState.allCases.filter { $0.isOpen ? open : closed }
        }
        let pageSize =
            try Self.whole(parameters.get("page_size"), "page_size", 1...CaseQuery.maxLimit) ?? CaseQuery.maxLimit
        let page = try Self.whole(parameters.get("page"), "page", 1...CaseQuery.maxOffset) ?? 1
        guard (page - 1) * pageSize <= CaseQuery.maxOffset else {
            throw Open311Error(
                status: .badRequest,
                description:
                    "page: paging by number reaches \(CaseQuery.maxOffset) requests at most; narrow start_date/end_date",
                format: format)
        }
        // One query whatever the page: its cost is bounded, and nothing runs on for a client that has gone.
        query.limit = pageSize
        query.offset = (page - 1) * pageSize
        let records = try await scoped.cases(query).cases.map(\.0)
        return format.response(
            root: "service_requests", item: "request",
            records.map { Self.fields($0, catalogue: catalogue, history: nil, notes: false, isPublic: isPublic) })
    }

    /// The `servicerequestupdates` extension that FixMyStreet polls: every step of the key's cases in
    /// the window (default the last 24 hours, at most 1,000), with an FMS-style status.
    private func updates(_ format: Open311Format, _ request: Request) async throws -> Response {
        let caller = try await apiCaller(request, format)
        let parameters = try request.queryParameters
        let end =
            try parameters.get("end_date").map { try CaseRoutes.time($0, field: "end_date") }
            ?? store.now.epochMilliseconds
        let start =
            try parameters.get("start_date").map { try CaseRoutes.time($0, field: "start_date") } ?? end - 86_400_000
        let list = try await store.scoped(to: caller).caseUpdates(fromMilliseconds: start, toMilliseconds: end)
        return format.response(
            root: "service_request_updates", item: "request_update",
            list.map { update in
                [
                    ("update_id", .text("\(update.number)-\(update.entry.sequence)")),
                    ("service_request_id", .text(update.number)),
                    ("status", .text(Self.fixMyStreetStatus(update.entry.to))),
                    ("updated_datetime", .text(Self.time(update.entry.atMilliseconds))),
                    ("description", .text(update.entry.reply ?? update.entry.to.displayName(in: .zh))),
                    ("media_url", .text(nil)),
                ]
            })
    }

    /// FixMyStreet sends its users' updates on a report here (`POST servicerequestupdates`): the
    /// text (with who wrote it and, when they say it is fixed, that), the photo (`media`) or its
    /// address (`media_url`) become a note in the case's history; the answer is the note's update id.
    private func postUpdate(_ format: Open311Format, _ request: Request, _ context: GridRequestContext) async throws
        -> Response
    {
        let form = try await FormFields.read(request, limit: context.maxUploadSize)
        let caller = try await apiCaller(request, format, form: form)
        guard let number = form["service_request_id"], !number.isEmpty else {
            throw Open311Error(status: .badRequest, description: "service_request_id is required", format: format)
        }
        let status = (form["status"] ?? "").uppercased()
        guard ["", "OPEN", "CLOSED"].contains(status) else {
            throw Open311Error(status: .badRequest, description: "status must be OPEN or CLOSED", format: format)
        }
        let author = [form["first_name"], form["last_name"]].compactMap { $0 }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        var note = form["description"] ?? ""
        if let media = form["media_url"], !media.isEmpty { note += "\n" + media }
        if status == "CLOSED" { note = "[报告人称已解决] " + note }
        if !author.isEmpty { note = "\(author)：" + note }
        let photos = try form.photos("media")
        let source: [String: JSONValue] = [
            "via": "open311", "update_id": JSONValue(form["update_id"]),
            "status": JSONValue(status.isEmpty ? nil : status),
        ]
        let entry = try await store.scoped(to: caller).addNote(note, to: number, source: source, photos: photos)
        return format.response(
            root: "service_request_updates", item: "request_update",
            [[("update_id", .text("\(number)-\(entry.sequence)"))]])
    }

    /// FixMyStreet's extended statuses for GridGov's states.
    static func fixMyStreetStatus(_ state: CaseState) -> String {
        switch state {
        case .reported, .accepted, .registered, .suspended: "open"
        case .dispatched, .handling, .handled, .verified, .selfHandled: "in_progress"
        case .closed, .rated: "fixed"
        case .merged: "duplicate"
        case .rejected: "not_councils_responsibility"
        case .voided: "closed"
        }
    }

    private func extensions(_ request: Request) -> Bool { (try? request.queryParameters)?.get("extensions") == "true" }

    /// Readers without a key see the public projection of the whole territory.
    static let publicReader = Caller(actor: "open311:public", role: .auditor, scope: .territory)

    private func readCaller(_ request: Request, _ format: Open311Format) async throws -> (Caller, isPublic: Bool) {
        guard try request.queryParameters.get("api_key") != nil else { return (Self.publicReader, true) }
        return (try await apiCaller(request, format), false)
    }

    /// The caller behind `api_key` (query or form).
    private func apiCaller(_ request: Request, _ format: Open311Format, form: FormFields? = nil) async throws -> Caller
    {
        guard let key = try form?["api_key"] ?? request.queryParameters.get("api_key"), !key.isEmpty else {
            throw Open311Error(status: .forbidden, description: "api_key is required", format: format)
        }
        guard let caller = try await store.caller(apiToken: key) else {
            throw Open311Error(status: .forbidden, description: "api_key is not valid", format: format)
        }
        return caller
    }

    /// A whole number within `range`, or 400 naming `field`; `nil` when absent.
    static func whole(_ text: String?, _ field: String, _ range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalid(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func time(_ milliseconds: Int64?) -> String? {
        milliseconds.map {
            var style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt)
            style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
            return Date(epochMilliseconds: $0).formatted(style)
        }
    }

    /// A request's fields. `status_notes` is the last reply to the reporter (答复群众), never an
    /// internal note; with `notes` (the GridGov extension, for key holders) every step is listed,
    /// again with its reply only.
    static func fields(
        _ c: CaseRecord, catalogue: CaseCatalogue, history: [CaseHistoryEntry]?, notes: Bool, isPublic: Bool = false
    )
        -> [(String, Open311Format.Node)]
    {
        let statusNotes = history?.last { $0.reply != nil }?.reply
        if isPublic {
            return [
                ("service_request_id", .text(c.number)), ("status", .text(c.state.isOpen ? "open" : "closed")),
                ("status_notes", .text(statusNotes)),
                ("service_name", .text(catalogue.categories.first { $0.code == c.category }?.name)),
                ("service_code", .text(c.category)),
                ("agency_responsible", .text(c.unit)), ("requested_datetime", .text(time(c.reportedAtMilliseconds))),
                ("updated_datetime", .text(time(c.updatedAtMilliseconds))),
                ("expected_datetime", .text(time(c.dueAtMilliseconds))),
                ("address_id", .text(String(c.regionCode.digits.prefix(12)))),
            ]
        }
        var fields: [(String, Open311Format.Node)] = [
            ("service_request_id", .text(c.number)), ("status", .text(c.state.isOpen ? "open" : "closed")),
            ("status_notes", .text(statusNotes)),
            ("service_name", .text(catalogue.categories.first { $0.code == c.category }?.name)),
            ("service_code", .text(c.category)),
            ("description", .text(c.description)), ("agency_responsible", .text(c.unit)),
            ("service_notice", .text(nil)),
            ("requested_datetime", .text(time(c.reportedAtMilliseconds))),
            ("updated_datetime", .text(time(c.updatedAtMilliseconds))),
            ("expected_datetime", .text(time(c.dueAtMilliseconds))), ("address", .text(c.address)),
            ("address_id", .text(c.regionCode.digits)),
            ("zipcode", .text(nil)), ("lat", .text(c.location.map { String($0.lat) })),
            ("long", .text(c.location.map { String($0.lng) })),
            ("media_url", .text(nil)),
        ]
        if notes, let history {
            fields.append(
                (
                    "notes",
                    .list(
                        itemName: "note",
                        history.map { entry in
                            [
                                ("type", .text(entry.action)), ("datetime", .text(time(entry.atMilliseconds))),
                                ("description", .text(entry.reply ?? entry.to.displayName(in: .zh))),
                            ]
                        })
                ))
        }
        return fields
    }
}

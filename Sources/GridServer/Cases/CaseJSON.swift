import Foundation
import GridCore
import GridStore

/// The JSON form of cases. Times are ISO 8601 in UTC.
enum CaseJSON {
    static func time(_ milliseconds: Int64?) -> JSONValue {
        guard let milliseconds else { return .null }
        return .string(ISO8601UTC.seconds(milliseconds))
    }

    /// `catalogue` names the category: the store's catalogue, which admins may have changed.
    static func encode(_ c: CaseRecord, status: TimeLimitStatus?, catalogue: CaseCatalogue) -> [String: JSONValue] {
        [
            "id": .string(c.id), "number": .string(c.number), "state": .string(c.state.rawValue),
            "category": .string(c.category),
            "category_name": JSONValue(catalogue.categories.first { $0.code == c.category }?.name),
            "description": .string(c.description),
            "location": c.location.map { ["lat": .number($0.lat), "lng": .number($0.lng)] } ?? .null,
            "location_pending": .bool(c.locationPending),
            "region_code": .string(c.regionCode.digits), "address": JSONValue(c.address),
            "channel": .string(c.channel.rawValue),
            "reporter": JSONValue(c.reporter), "discoverer": JSONValue(c.discoverer), "unit": JSONValue(c.unit),
            "centre_code": .string(c.centreCode.digits),
            "co_handlers": .object(c.coHandlers.mapValues { ["reported_in": .bool($0)] }),
            "report_in_due_at": time(c.reportInDueAtMilliseconds),
            "step": JSONValue(c.step?.rawValue), "due_at": time(c.dueAtMilliseconds),
            "time_status": JSONValue(status?.rawValue),
            "supervised": .bool(c.supervisedStep != nil && c.supervisedStep == c.step),
            "urged": .bool(c.urgedStep != nil && c.urgedStep == c.step), "warn_at": time(c.warnAtMilliseconds),
            "extension_requested_hours": c.extensionRequestedHours.map(JSONValue.number) ?? .null,
            "void_requested": JSONValue(c.voidReason), "duplicate_of": JSONValue(c.duplicateOf),
            "likely_duplicates": .array(c.likelyDuplicates.map(JSONValue.string)), "reopened": .bool(c.reopened),
            "rating": JSONValue(c.rating?.rawValue), "reported_at": time(c.reportedAtMilliseconds),
            "updated_at": time(c.updatedAtMilliseconds),
        ]
    }

    static func detail(_ view: CaseView, catalogue: CaseCatalogue) -> JSONValue {
        var object = encode(view.record, status: view.timeStatus, catalogue: catalogue)
        object["history"] = .array(
            view.history.map { entry in
                [
                    "seq": .number(Double(entry.sequence)), "at": time(entry.atMilliseconds),
                    "actor": .string(entry.actor),
                    "action": .string(entry.action), "from": JSONValue(entry.from?.rawValue),
                    "to": .string(entry.to.rawValue),
                    "note": JSONValue(entry.note), "reply": JSONValue(entry.reply), "data": entry.data,
                ]
            })
        object["allowed_actions"] = .array(view.allowedActions.map { .string($0.rawValue) })
        return .object(object)
    }

    /// The body of `POST /api/v1/cases`.
    struct ReportInput {
        static let fields: Set<String> = [
            "category", "description", "lat", "lng", "datum", "region_code", "address", "channel", "reporter_phone",
        ]
        var category: String
        var description: String
        var lat: Double?
        var lng: Double?
        var datum: String?
        var region_code: String?
        var address: String?
        var channel: CaseChannel?
        var reporter_phone: String?

        init(_ body: JSONMembers) throws(APIError) {
            category = try body.string("category")
            description = try body.string("description")
            lat = try body.optionalNumber("lat")
            lng = try body.optionalNumber("lng")
            datum = try body.optionalString("datum")
            region_code = try body.optionalString("region_code")
            address = try body.optionalString("address")
            channel = try body.optional(CaseChannel.self, "channel")
            reporter_phone = try body.optionalString("reporter_phone")
        }
    }

    /// The body of `POST /api/v1/cases/{number}/actions`.
    struct ActionInput: Decodable {
        static let fields: Set<String> = [
            "action", "note", "unit", "hours", "rating", "duplicate_of", "departments", "tracking_token",
            "lat", "lng", "datum", "reply",
        ]
        var action: CaseAction
        var note: String?
        /// 答复群众: what the reporter is told (the note stays internal).
        var reply: String?
        var unit: String?
        var hours: Double?
        var rating: CaseRating?
        var duplicate_of: String?
        var departments: [String]?
        var tracking_token: String?
        /// `locate`: where the case is.
        var lat: Double?
        var lng: Double?
        var datum: String?

        /// The position of a `locate`, in WGS-84; lat and lng go together.
        func location() throws(APIError) -> GeoPoint? {
            try RegionRoutes.point(lat: lat, lng: lng, datum: try RegionRoutes.datum(datum))
        }
    }
}

import Hummingbird

/// How pages show failures: a page (not JSON) for refusals and missing things, and field-named
/// messages for bad input.
enum PageErrors {
    /// Runs a page handler; scope refusals and unknown things become a message page saying
    /// `forbiddenText` or `notFoundText` (keys of ``PageStrings``).
    static func rendering(
        _ renderer: PageRenderer, _ request: Request, _ context: GridRequestContext,
        forbiddenText: String = "forbidden_case", notFoundText: String = "not_found_text_case",
        _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch {
            guard let apiError = APIError.from(error), [.forbidden, .notFound].contains(apiError.status) else {
                throw error
            }
            return message(
                renderer, request, context, status: apiError.status,
                textKey: apiError.status == .forbidden ? forbiddenText : notFoundText)
        }
    }

    /// The "message" page: a heading for the status (403 or 404) and one sentence.
    static func message(
        _ renderer: PageRenderer, _ request: Request, _ context: GridRequestContext, status: HTTPResponse.Status,
        textKey: String
    ) -> Response {
        let strings = PageStrings.table(LoginPages.language(request))
        let heading = strings[status == .forbidden ? "forbidden_title" : "not_found_title"] ?? ""
        return renderer.page(
            .message, title: heading, request: request, context: context,
            values: ["heading": heading, "text": strings[textKey] ?? ""], status: status)
    }

    /// `字段: reason` in the page's language.
    static func describe(_ error: APIError, strings: [String: String]) -> String {
        describe(field: error.field, error.reason.text(strings), strings: strings)
    }

    /// `字段: reason` with the field's label in the page's language (`field_…` keys, or the label
    /// its form shows); a field no page labels is left out rather than shown as its API name.
    static func describe(field: String?, _ reason: String, strings: [String: String]) -> String {
        guard let field, let label = label(of: field, strings: strings) else { return reason }
        return "\(label): \(reason)"
    }

    static func label(of field: String, strings: [String: String]) -> String? {
        let labels = [
            "lat": "position", "lng": "position", "location": "position", "reporter_phone": "phone_optional",
            "file": "photo", "photos": "photo", "media": "photo", "rating": "rate_result", "region_code": "position",
        ]
        let key = labels[field] ?? field
        return strings["field_" + key] ?? strings[key]
    }
}

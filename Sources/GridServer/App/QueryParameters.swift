import Hummingbird

/// The parameters of a request's query string, decoded the way HTML GET forms encode them (`+` is a
/// space). Read them through `request.queryParameters`, never Hummingbird's `uri.queryParameters`,
/// which leaves `+` as it is and does not decode names.
struct QueryParameters: Sendable {
    private let fields: FormFields

    /// A parameter that is not UTF-8 is refused (400) naming it.
    init(_ request: Request) throws(APIError) {
        fields = try FormFields.urlencoded((request.uri.query ?? "").utf8)
    }

    /// The first value given for `name`.
    func get(_ name: String) -> String? { fields[name] }
}

extension Request {
    /// This request's query parameters, decoded as HTML forms encode them (``QueryParameters``).
    var queryParameters: QueryParameters {
        get throws(APIError) { try QueryParameters(self) }
    }
}

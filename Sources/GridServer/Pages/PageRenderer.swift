import Foundation
import GridCore
import Hummingbird
import Mustache

/// Renders the server-side pages from the mustache templates in each feature's `Templates/`
/// (see ``PageTemplate``). Pages need no CDN: the style is inline, maps are SVG, and the font
/// stack ends in a generic family.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The header links the features declare.
    let links: [NavigationLink]

    /// Reads and parses every template, and the strings tables, once: a missing or broken file
    /// stops the start with its name rather than rendering an empty page later.
    init(links: [NavigationLink] = ServerFeatures.siteMap.links) throws(PageResourceError) {
        self.links = links
        var library = MustacheLibrary()
        for template in PageTemplate.allCases {
            library.register(try template.parsed(), named: template.rawValue)
        }
        self.library = library
        _ = try PageStrings.loaded.get()
    }

    /// A full HTML page: `template` rendered inside the layout with the language's strings as `t`.
    func page(
        _ template: PageTemplate, title: String, language: PageLanguage, values: [String: Any],
        status: HTTPResponse.Status = .ok,
        user: HeaderUser? = nil, scripts: [String] = []
    ) -> Response {
        let strings = PageStrings.table(language)
        let body = fragment(template, language: language, values: values)
        let layout = LayoutView(
            lang: language.rawValue, title: title, t: strings, user: user, scripts: scripts, body: body)
        let html = library.render(layout, withTemplate: PageTemplate.layout.rawValue) ?? body
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }

    /// A part of a page: `template` rendered alone with the language's strings as `t`.
    func fragment(_ template: PageTemplate, language: PageLanguage, values: [String: Any]) -> String {
        var context = (Self.withoutNils(values) as? [String: Any]) ?? [:]
        context["t"] = PageStrings.table(language)
        return library.render(context, withTemplate: template.rawValue) ?? ""
    }

    /// A page for a signed-in (or anonymous) visitor: the header shows who is signed in and the
    /// places their role works in, and `?lang=` is remembered in a cookie.
    func page(
        _ template: PageTemplate, title: String, request: Request, context: GridRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok, scripts: [String] = []
    ) -> Response {
        let language = LoginPages.language(request)
        var response = page(
            template, title: title, language: language, values: values, status: status,
            user: HeaderUser(context, links: links, strings: PageStrings.table(language)), scripts: scripts)
        if let lang = (try? request.queryParameters)?.get("lang") {
            response.setCookie(
                Cookie(
                    name: PageLanguage.cookieName, value: PageLanguage.of(query: lang, cookie: nil).rawValue,
                    path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Scripts are files of this server (`/assets/…`); nothing is loaded from elsewhere.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
        + "form-action 'self'; frame-ancestors 'none'"

    /// Where `/` sends a signed-in user.
    static func home(of role: Role) -> String {
        switch role {
        case .worker, .gridleader: "/m"
        case .admin: "/admin"
        case .resident: "/report"
        case .auditor: "/regions"
        default: "/center"
        }
    }

    /// Drops absent optionals at every depth, so a missing value is a false section in the
    /// template rather than the text "nil".
    static func withoutNils(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return withoutNils(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues { withoutNils($0) } }
        if let array = value as? [Any] { return array.compactMap { withoutNils($0) } }
        return value
    }

    /// A 303 to `location` (after a form post).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `text` as a query value in a link or a redirect: all but unreserved characters escaped.
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
}

extension Dictionary where Key == String, Value == Any {
    /// Without its empty texts: a Mustache section (`{{#owner}}…{{/owner}}`) shows for an empty
    /// string, so a value a page leaves out must be absent.
    var withoutEmptyTexts: [String: Any] { filter { ($0.value as? String)?.isEmpty != true } }
}

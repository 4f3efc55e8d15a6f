import Hummingbird
import Mustache

/// Renders the server-side pages from mustache templates kept in `PageTemplates`. Pages need no CDN:
/// the style is inline, maps are SVG, and the font stack ends in a generic family.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// A full HTML page: `template` rendered inside the layout with the language's strings as `t`.
    func page(_ template: String, title: String, language: PageLanguage, values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var context = (Self.withoutNils(values) as? [String: Any]) ?? [:]
        context["t"] = PageStrings.table(language)
        context["lang"] = language.rawValue
        context["title"] = title
        let body = library.render(context, withTemplate: template) ?? ""
        context["body"] = body
        let html = library.render(context, withTemplate: "layout") ?? body
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        return response
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
}

enum PageTemplates {
    static let all: [String: String] = ["layout": layout, "login": login, "region": region, "message": message,
                                        "report": report, "reported": reported, "track": track]

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{t.app_name}}</title>
        <style>
        :root { --ink:#1d2733; --muted:#5b6775; --line:#d5dbe2; --accent:#0b5cad; --bg:#f4f6f8; }
        * { box-sizing: border-box; }
        body { margin:0; font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif; color:var(--ink); background:var(--bg); font-size:16px; line-height:1.5; }
        header { background:#12355b; color:#fff; padding:.6rem 1rem; display:flex; gap:1rem; align-items:center; flex-wrap:wrap; }
        header .brand { font-weight:700; margin-right:auto; }
        header a, header button { color:#fff; }
        header form { margin:0; }
        header button { background:none; border:1px solid #fff8; border-radius:4px; padding:.2rem .6rem; font:inherit; cursor:pointer; }
        main { max-width:1100px; margin:0 auto; padding:1rem; }
        a { color:var(--accent); }
        a:focus, button:focus, input:focus { outline:3px solid #f0a500; outline-offset:2px; }
        .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem; margin-bottom:1rem; }
        label { display:block; font-weight:600; margin-top:.8rem; }
        input[type=text], input[type=password] { width:100%; padding:.6rem; font:inherit; border:1px solid var(--muted); border-radius:4px; }
        .primary { margin-top:1rem; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:.7rem 1.4rem; font:inherit; cursor:pointer; }
        .error { color:#a4161a; font-weight:600; }
        .crumbs { color:var(--muted); }
        .grid2 { display:grid; grid-template-columns:minmax(0,2fr) minmax(0,1fr); gap:1rem; }
        @media (max-width: 720px) { .grid2 { grid-template-columns:1fr; } }
        ul.children { list-style:none; padding:0; margin:0; }
        ul.children li { padding:.4rem 0; border-bottom:1px solid var(--line); }
        svg.map { width:100%; height:auto; background:#eef3f7; border-radius:6px; }
        svg.map path { fill:#cfe0f1; stroke:#12355b; stroke-width:.6; vector-effect:non-scaling-stroke; }
        svg.map a:hover path, svg.map a:focus path { fill:#f6c453; }
        .muted { color:var(--muted); }
        </style>
        </head>
        <body>
        <header>
          <span class="brand">{{t.app_name}}</span>
          <a href="?lang={{t.other_language_code}}" lang="{{t.other_language_code}}">{{t.other_language}}</a>
          {{#user}}
          <span>{{t.signed_in_as}}: {{display_name}} ({{role}})</span>
          <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.log_out}}</button></form>
          {{/user}}
        </header>
        <main>
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let login = """
        <div class="card" style="max-width:420px;margin:2rem auto">
        <h1>{{t.login_title}}</h1>
        {{#error}}<p class="error" role="alert" id="login-error">{{error}}</p>{{/error}}
        <form method="post" action="/login" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="next" value="{{next}}">
          <label for="username">{{t.username}}</label>
          <input type="text" id="username" name="username" value="{{username}}" autocomplete="username" required autofocus{{#error}} aria-describedby="login-error"{{/error}}>
          <label for="password">{{t.password}}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required>
          <button class="primary" type="submit">{{t.log_in}}</button>
        </form>
        </div>
        """

    static let region = """
        <p class="crumbs"><a href="/regions">{{t.back_to_top}}</a>{{#parent_code}} · <a href="/regions/{{parent_code}}">↑ {{parent_code}}</a>{{/parent_code}}</p>
        <h1>{{name}}</h1>
        <p class="muted">{{#code}}{{t.code}} {{code}} · {{/code}}{{t.level}}: {{level_name}}</p>
        <div class="grid2">
          <section class="card" aria-labelledby="map-title">
            <h2 id="map-title">{{t.map}}</h2>
            {{#map}}{{{map}}}{{/map}}{{^map}}<p class="muted">{{t.no_map}}</p>{{/map}}
          </section>
          <section class="card" aria-labelledby="children-title">
            <h2 id="children-title">{{t.children}} ({{child_count}})</h2>
            <ul class="children">
            {{#children}}<li><a href="/regions/{{code}}">{{name}}</a> <span class="muted">{{code}}</span></li>{{/children}}
            </ul>
            {{^children}}<p class="muted">{{t.no_children}}</p>{{/children}}
          </section>
        </div>
        """

    static let message = """
        <div class="card"><h1>{{heading}}</h1><p>{{text}}</p><p><a href="/regions">{{t.back_to_top}}</a></p></div>
        """
}

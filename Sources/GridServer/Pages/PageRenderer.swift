import Foundation
import GridCore
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
    func page(_ template: String, title: String, language: PageLanguage, values: [String: Any], status: HTTPResponse.Status = .ok,
              scripts: [String] = []) -> Response {
        var context = (Self.withoutNils(values) as? [String: Any]) ?? [:]
        context["t"] = PageStrings.table(language)
        context["lang"] = language.rawValue
        context["title"] = title
        context["scripts"] = scripts
        let body = library.render(context, withTemplate: template) ?? ""
        context["body"] = body
        let html = library.render(context, withTemplate: "layout") ?? body
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }

    /// A page for a signed-in (or anonymous) visitor: the header shows who is signed in and the
    /// places their role works in, and `?lang=` is remembered in a cookie.
    func page(_ template: String, title: String, request: Request, context: GridRequestContext, values: [String: Any],
              status: HTTPResponse.Status = .ok, scripts: [String] = []) -> Response {
        var values = values
        values["user"] = Self.user(context)
        var response = page(template, title: title, language: LoginPages.language(request), values: values, status: status, scripts: scripts)
        if let lang = (try? request.queryParameters)?.get("lang") {
            response.setCookie(Cookie(name: PageLanguage.cookieName, value: PageLanguage.of(query: lang, cookie: nil).rawValue,
                                      path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Scripts are files of this server (`/assets/…`); nothing is loaded from elsewhere.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
        + "form-action 'self'; frame-ancestors 'none'"

    /// The header's view of the signed-in user: name, role, the logout form's token, and which
    /// places their role works in.
    static func user(_ context: GridRequestContext) -> Any {
        guard let session = context.session else { return false }
        let role = session.account.role
        return ["display_name": session.account.displayName, "role": role.rawValue, "role_key": "role_" + role.rawValue,
                "csrf": session.csrfToken,
                "nav_center": ![.worker, .resident, .integration].contains(role),
                "nav_worker": [.worker, .gridleader].contains(role),
                "nav_regions": role != .resident,
                "nav_admin": role == .admin] as [String: Any]
    }

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

enum PageTemplates {
    static let all: [String: String] = ["layout": layout, "login": login, "region": region, "message": message]
        .merging(resident) { first, _ in first }.merging(cases) { first, _ in first }.merging(admin) { first, _ in first }

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
        svg.map { width:100%; height:auto; max-height:70vh; background:#eef3f7; border-radius:6px; }
        svg.map path { fill:#cfe0f1; stroke:#12355b; stroke-width:.6; vector-effect:non-scaling-stroke; }
        svg.map a:hover path, svg.map a:focus path { fill:#f6c453; }
        .muted { color:var(--muted); }
        header nav { display:flex; gap:.8rem; flex-wrap:wrap; }
        select, textarea, input[type=number], input[type=search] { width:100%; padding:.6rem; font:inherit; border:1px solid var(--muted); border-radius:4px; background:#fff; }
        button:disabled { opacity:.6; }
        .button { display:inline-block; background:var(--accent); color:#fff; text-decoration:none; border-radius:4px; padding:.7rem 1.4rem; }
        .secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); border-radius:4px; padding:.5rem 1rem; font:inherit; cursor:pointer; }
        .notice { background:#e7f4ea; border:1px solid #8cc79a; border-radius:6px; padding:.6rem 1rem; }
        .kpis { display:grid; grid-template-columns:repeat(auto-fit,minmax(120px,1fr)); gap:.6rem; margin-bottom:1rem; }
        .kpi { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; }
        .kpi b { display:block; font-size:1.6rem; }
        .badge { display:inline-block; border-radius:999px; padding:0 .6rem; font-size:.85rem; border:1px solid var(--line); background:#fff; white-space:nowrap; }
        .s-normal { background:#e7f4ea; border-color:#8cc79a; } .s-yellow { background:#fff3cd; border-color:#d9a400; } .s-red { background:#fde2e1; border-color:#c0392b; color:#8a1c13; }
        table.queue { width:100%; border-collapse:collapse; font-size:.95rem; }
        table.queue th, table.queue td { text-align:left; padding:.45rem .4rem; border-bottom:1px solid var(--line); vertical-align:top; }
        .filters { display:grid; grid-template-columns:repeat(auto-fit,minmax(150px,1fr)); gap:.6rem; align-items:end; }
        .filters label { margin-top:0; } .filters > * { min-width:0; } select { max-width:100%; }
        .table-wrap { overflow-x:auto; }
        svg.map .t-none path { fill:#e3e9ef; } svg.map .t-open path { fill:#9cc3e8; } svg.map .t-warned path { fill:#f6d365; } svg.map .t-overdue path { fill:#e57368; }
        svg.map circle.case { stroke:#fff; stroke-width:1.5; vector-effect:non-scaling-stroke; fill:#0b5cad; }
        svg.map circle.case.s-red { fill:#c0392b; } svg.map circle.case.s-yellow { fill:#d9a400; }
        svg.map circle.marker { fill:#c0392b; stroke:#fff; stroke-width:2; vector-effect:non-scaling-stroke; }
        svg.map[data-locate] { cursor:crosshair; }
        .legend span { margin-right:.8rem; } .legend i { display:inline-block; width:.9rem; height:.9rem; border-radius:2px; vertical-align:middle; margin-right:.25rem; }
        ol.timeline { padding-left:1.2rem; } ol.timeline li { margin-bottom:.4rem; }
        .photos { display:flex; gap:.5rem; flex-wrap:wrap; } .photos img { width:140px; height:105px; object-fit:cover; border-radius:4px; border:1px solid var(--line); }
        dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; } dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; }
        form.action { border-top:1px solid var(--line); padding-top:.6rem; margin-top:.6rem; }
        ul.tasks { list-style:none; padding:0; margin:0; } ul.tasks li { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.7rem; margin-bottom:.6rem; }
        ul.tasks a { font-weight:600; } .big { display:block; text-align:center; font-size:1.2rem; padding:1rem; margin:.5rem 0 1rem; }
        ul.feed { list-style:none; padding:0; margin:0; max-height:22rem; overflow:auto; } ul.feed li { padding:.3rem 0; border-bottom:1px solid var(--line); }
        @media (max-width: 720px) { table.queue .wide { display:none; } main { padding:.6rem; } }
        </style>
        </head>
        <body>
        <header>
          <span class="brand">{{t.app_name}}</span>
          <a href="?lang={{t.other_language_code}}" lang="{{t.other_language_code}}">{{t.other_language}}</a>
          {{#user}}
          <nav aria-label="{{t.nav_label}}">
            {{#nav_center}}<a href="/center">{{t.nav_center}}</a>{{/nav_center}}
            {{#nav_worker}}<a href="/m">{{t.nav_worker}}</a>{{/nav_worker}}
            {{#nav_regions}}<a href="/regions">{{t.nav_regions}}</a>{{/nav_regions}}
            {{#nav_admin}}<a href="/admin">{{t.nav_admin}}</a>{{/nav_admin}}
          </nav>
          <span>{{display_name}}</span>
          <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.log_out}}</button></form>
          {{/user}}
        </header>
        <main>
        {{{body}}}
        </main>
        {{#scripts}}<script src="/assets/{{.}}" defer></script>{{/scripts}}
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
        <p class="muted" style="margin-top:1.2rem">{{t.resident_hint}} <a href="/report">{{t.report_title}}</a> · <a href="/track">{{t.track_title}}</a></p>
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

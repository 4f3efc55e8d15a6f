import Hummingbird

/// The pages' few hand-written scripts, served from this server at `/assets/{name}` (the pages'
/// Content-Security-Policy allows no other and no inline script). Every page works without them;
/// they add what must be live or interactive. Each is a file in its feature's `Scripts/` folder:
/// `center.js` (the command centre's live feed) and `locate.js` (position pickers) in Cases,
/// `admin-upload.js` (upload progress of the administration forms) in Pages.
struct PageScripts: Sendable {
    static let names = ["center.js", "locate.js", "admin-upload.js"]

    /// The scripts by name, read once at start.
    let scripts: [String: ByteBuffer]

    /// Reads every script of ``names``; a missing one stops the start.
    init() throws(PageResourceError) {
        var scripts: [String: ByteBuffer] = [:]
        for name in Self.names { scripts[name] = ByteBuffer(string: try PageResources.text(name)) }
        self.scripts = scripts
    }

    func register(on router: Router<GridRequestContext>) {
        router.get("/assets/:name") { [scripts] _, context in
            guard let script = scripts[try context.pathParameter("name")] else {
                throw APIError(.notFound, code: "not_found", message: "no such asset")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: script))
        }
    }
}

import Hummingbird

/// The pages' few static files, served from this server at `/assets/{name}` (the pages'
/// Content-Security-Policy allows no other origin and no inline script): hand-written scripts
/// and the icon. Every page works without the scripts; they add what must be live or interactive.
/// Each is a file in its feature's `Scripts/` folder, declared by the feature
/// (``ServerFeature/assets``).
struct PageAssets: Sendable {
    /// The files by name, with their content type, read once at start.
    let files: [String: (contentType: String, bytes: ByteBuffer)]

    /// Reads every asset the features declare; a missing one stops the start.
    init(names: [String] = ServerFeatures.all.flatMap(\.assets)) throws(PageResourceError) {
        var files: [String: (contentType: String, bytes: ByteBuffer)] = [:]
        for name in names {
            guard let type = Self.contentType(of: name) else {
                throw PageResourceError(file: name, "an asset is a .js or .svg file")
            }
            files[name] = (type, ByteBuffer(string: try PageResources.text(name)))
        }
        self.files = files
    }

    static func contentType(of name: String) -> String? {
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return nil
    }

    func register(on router: Router<GridRequestContext>) {
        router.get("/assets/:name") { [files] _, context in
            guard let file = files[try context.pathParameter("name")] else {
                throw APIError(.notFound, code: "not_found", message: "no such asset")
            }
            return Self.response(file)
        }
        // Browsers ask for the icon here whatever the page says.
        router.get("/favicon.ico") { [files] _, _ in
            guard let icon = files["favicon.svg"] else {
                throw APIError(.notFound, code: "not_found", message: "no icon")
            }
            return Self.response(icon)
        }
    }

    private static func response(_ file: (contentType: String, bytes: ByteBuffer)) -> Response {
        Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: file.bytes))
    }
}

import Foundation

/// A page file (template, strings table, script) that is missing or wrong. It names the file, and
/// the line where it can, so that a bad edit stops the server at start with the place to fix.
struct PageResourceError: Error, CustomStringConvertible {
    let file: String
    let line: Int?
    let reason: String

    init(file: String, line: Int? = nil, _ reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}

/// The page files are resources of this target (see `Package.swift`): each feature keeps its
/// `Templates/`, `Strings/` and `Scripts/` beside its code, and the build copies them, flattened,
/// into the target's bundle, so a file name is unique across features.
enum PageResources {
    /// The whole text of the resource `file` (`center.mustache`), as UTF-8.
    static func text(_ file: String) throws(PageResourceError) -> String {
        let name = (file as NSString).deletingPathExtension
        let type = (file as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: name, withExtension: type) else {
            throw PageResourceError(file: file, "missing from the GridServer resources")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw PageResourceError(file: file, "unreadable: \(error)") }
        guard let text = String(data: data, encoding: .utf8) else { throw PageResourceError(file: file, "not UTF-8") }
        return text
    }
}

import GridCore
import Mustache

/// Every page template, named after its file `<name>.mustache` in its feature's `Templates/`
/// folder (partials too: `{{> locator}}` is `locator.mustache`). The renderer loads them all at
/// start, so a page names its template by case and a typo does not compile.
enum PageTemplate: String, CaseIterable, Sendable {
    // Pages/Templates: the layout, the refusal message, the administration landing and its style.
    case layout, message, admin
    case adminStyle = "admin_style"
    // Accounts/Templates
    case login
    case adminAccounts = "admin_accounts"
    case adminTokens = "admin_tokens"
    // Regions/Templates
    case region
    case adminRegions = "admin_regions"
    // Cases/Templates: the resident portal, the staff pages, the shared form parts, the catalogue.
    case report, reported, track, center
    case caseDetail = "case"
    case worker = "m"
    case workerReport = "m_report"
    case locator
    case photoField = "photo_field"
    case caseRows = "case_rows"
    case adminCategories = "admin_categories"
    // Calendar/Templates
    case adminCalendar = "admin_calendar"

    var file: String { rawValue + ".mustache" }

    /// The template's text without the file's final newline (an editor's habit, not part of the
    /// page), parsed.
    func parsed() throws(PageResourceError) -> MustacheTemplate {
        var text = try PageResources.text(file)
        if text.hasSuffix("\n") { text.removeLast() }
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw PageResourceError(file: file, line: error.context.lineNumber,
                                    "column \(error.context.columnNumber): \(error.error) in “\(error.context.line)”")
        } catch {
            throw PageResourceError(file: file, "\(error)")
        }
    }
}

/// What the layout shows around a page's body: the language, the title, the header's user and
/// the page's scripts (`/assets/…`).
struct LayoutView {
    let lang: String
    let title: String
    /// The language's strings, as `{{t.key}}`.
    let t: [String: String]
    /// Absent for an anonymous visitor: the header then shows no navigation.
    let user: HeaderUser?
    let scripts: [String]
    /// The page's own HTML, already rendered.
    let body: String
}

/// The header's view of the signed-in user: name, the logout form's token, and which places
/// their role works in.
struct HeaderUser {
    let displayName: String
    let csrf: String
    let navCenter: Bool
    let navWorker: Bool
    let navRegions: Bool
    let navAdmin: Bool

    init?(_ context: GridRequestContext) {
        guard let session = context.session else { return nil }
        let role = session.account.role
        displayName = session.account.displayName
        csrf = session.csrfToken
        navCenter = ![.worker, .resident, .integration].contains(role)
        navWorker = [.worker, .gridleader].contains(role)
        navRegions = role != .resident
        navAdmin = role == .admin
    }
}

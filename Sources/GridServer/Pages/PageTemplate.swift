import Foundation
import GridCore
import Mustache

/// Every page template, named after its file `<name>.mustache` in its feature's `Templates/`
/// folder (partials too: `{{> locator}}` is `locator.mustache`). The renderer loads them all at
/// start, so a page names its template by case and a typo does not compile.
enum PageTemplate: String, CaseIterable, Sendable {
    // Pages/Templates
    /// The page around every body: header with language switch and navigation, inline style, scripts.
    case layout
    /// A refusal or a missing thing: a heading and one sentence.
    case message
    /// The administration landing page (系统管理): the sections the features declare; each
    /// section's page lives beside its code.
    case admin
    /// What the administration pages add to the layout's style: wide tables scroll on a phone,
    /// inputs inside tables stay narrow, and a just-created row stands out.
    case adminStyle = "admin_style"

    // Accounts/Templates
    case login
    /// 账号管理: the visible accounts, then the forms to open an account and to reset a password.
    case adminAccounts = "admin_accounts"
    /// 接口令牌: the visible tokens with a 吊销 button on each live one, then the form to issue one.
    case adminTokens = "admin_tokens"

    // Regions/Templates
    /// A region of the tree: its map and its children.
    case region
    /// 区域与网格管理: the boundary upload and the divisions import, each with its result. Forms
    /// marked `data-progress` show their upload in the `<progress>` inside them (`admin-upload.js`).
    case adminRegions = "admin_regions"

    // Cases/Templates
    /// The resident portal: report without an account, then track and rate by number and code.
    case report, reported, track
    /// The staff pages: command centre, case detail with its actions, the grid worker's phone pages.
    case center
    case caseDetail = "case"
    case worker = "m"
    case workerReport = "m_report"
    /// Position: the phone's geolocation, a tap on the map, or typed coordinates (works without script).
    case locator
    /// The photo field that report forms share.
    case photoField = "photo_field"
    /// A queue of cases as a table.
    case caseRows = "case_rows"
    /// 事项分类与办理时限: the catalogue as one editable table (a row a category, top categories as
    /// group rows), then export and import.
    case adminCategories = "admin_categories"

    // Workflows/Templates
    /// 流程配置: each workflow's table as its engine runs it.
    case adminWorkflows = "admin_workflows"

    // Map/Templates
    /// The map component: its style and the element `/assets/map.js` turns into a map, holding
    /// the server's own SVG map until then (``MapView``).
    case mapView = "map_view"

    // Registries/Templates
    /// 基础数据导入: people and standard addresses, each with its summary or error report.
    case adminRegistries = "admin_registries"
    case adminGroups = "admin_groups"
    /// A grid worker's people of their grid, searched by name, phone or identity number.
    case workerPeople = "m_people"
    case workerPersonForm = "m_person_form"
    /// One person: their record masked, household, key groups they may be seen in, reported cases.
    case workerPerson = "m_person"
    case workerHouses = "m_houses"
    case workerUnits = "m_units"
    case workerKeyPeople = "m_key_people"
    case workerKeyPersonForm = "m_key_person_form"

    // FieldWork/Templates
    /// A grid worker's due visits: overdue, today, this week, later; nearest first once located.
    case workerVisits = "m_visits"
    /// A visit: the person's groups' questions and attention, what was found, a photo, a case.
    case workerVisitForm = "m_visit_form"
    /// What the phone holds for the offline queue (`offline-queue.js`), and the note that a form was queued.
    case outbox
    /// 巡查与考勤 on the phone: sign in and out, start and end a patrol that sends its track.
    case workerPatrol = "m_patrol"
    /// A patrol's track on its grid, replayed with a slider.
    case workerPatrolReplay = "m_patrol_replay"
    /// 网格员动态: who is where now, for a command centre.
    case centreField = "center_field"
    /// 隐患排查: the grid's inspection plan, a checklist answered at a place, the checklists' admin.
    case workerInspections = "m_inspections"
    case workerInspectionForm = "m_inspection_form"
    case adminChecklists = "admin_checklists"
    /// 民情日志: a worker's day with their notes and the leader's comments; the leader's list.
    case workerLog = "m_log"
    case workerLogs = "m_logs"

    // DecisionSupport/Templates
    /// 研判考评: an area's indicators, scores, rankings, charts and map by grade; printable.
    case centreAssessment = "center_assessment"
    /// The weights of each post's comprehensive score.
    case adminAssessment = "admin_assessment"
    /// 热点分析: grids coloured by Gi* hot and cold spots.
    case centreHotspots = "center_hotspots"
    /// 预警: surges and concealment risks with their figures, acknowledged with a note.
    case centreWarnings = "center_warnings"
    /// 我的提醒: what is overdue or due soon for the signed-in user.
    case reminders
    /// 大屏: the command centre's wall screen.
    case centreWall = "center_wall"

    // Emergency/Templates
    /// 平战转换: the regions in emergency, the map by level, the switches, the form to switch.
    case centreEmergency = "center_emergency"
    /// 走访排查: the campaigns with their coverage, and the form that starts one.
    case centreCampaigns = "center_campaigns"
    /// One campaign's coverage of an area and its children: the 五色图 map, the table each level sends up.
    case centreCampaign = "center_campaign"
    /// A grid worker's open campaigns.
    case workerCampaigns = "m_campaigns"
    /// A grid's households of a campaign with the questionnaire (offline like the other phone forms).
    case workerCampaignTasks = "m_campaign"

    // Disputes/Templates
    /// 矛盾纠纷: the area's register, its mediation record and the form that registers one.
    case disputes
    /// One dispute with its history and the mediation steps open to the caller.
    case dispute
    /// 人民调解协议书, printed for signature.
    case disputeAgreement = "dispute_agreement"
    /// The mediation record's card (调解成效), on the disputes page and the assessment page.
    case disputeFigures = "dispute_figures"

    // Calendar/Templates
    /// 节假日与调休: a card a year with its runs of days off and its weekend working days.
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
            throw PageResourceError(
                file: file, line: error.context.lineNumber,
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

/// The header's view of the signed-in user: name, the logout form's token, and the links to the
/// places their role works in.
struct HeaderUser {
    let displayName: String
    /// Whose page it is, for the phone's offline queue: what one account queued is sent only as it.
    let username: String
    let csrf: String
    let links: [HeaderLink]
    let notices: [RenderedNotice]

    init?(_ context: GridRequestContext, links: [NavigationLink], strings: [String: String]) {
        guard let session = context.session else { return nil }
        let role = session.account.role
        displayName = session.account.displayName
        username = session.account.username
        csrf = session.csrfToken
        self.links = links.filter { $0.roles.contains(role) }.map {
            HeaderLink(href: $0.path, label: strings[$0.labelKey] ?? $0.labelKey)
        }
        notices = context.pageNotices.map { notice in
            var text = strings[notice.key] ?? notice.key
            for (index, value) in notice.arguments.enumerated() {
                text = text.replacingOccurrences(of: "{\(index)}", with: value)
            }
            return RenderedNotice(text: text, link: notice.link, style: notice.style)
        }
    }
}

/// A line under every page's header (see ``GridRequestContext/pageNotices``): a strings key with
/// `{0}`, `{1}` … filled from `arguments`, a link to where it is explained, and a style class.
struct PageNotice: Sendable, Hashable {
    let key: String
    let arguments: [String]
    let link: String
    let style: String
}

/// A notice in the page's language.
struct RenderedNotice {
    let text: String
    let link: String
    let style: String
}

/// One header link as shown.
struct HeaderLink {
    let href: String
    let label: String
}

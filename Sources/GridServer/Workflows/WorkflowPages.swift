import GridCore
import Hummingbird

/// `/admin/workflows`: 流程配置 — every workflow's table as the engine runs it (GridCore's
/// ``Workflows/all``): per state, each action, who may take it, on what condition, and the state
/// after. The same words as `gridgov workflow show` and the case pages.
struct WorkflowPages {
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/admin/workflows") { request, context in
            try await AdminGate.run(renderer, request, context, path: "/admin/workflows") { _ in
                let language = LoginPages.language(request)
                let strings = PageStrings.table(language)
                let workflows = Workflows.all.map { listing in
                    WorkflowView(listing, language.workflowLanguage)
                }
                return renderer.page(
                    .adminWorkflows, title: strings["workflows_title"] ?? "", request: request, context: context,
                    values: ["workflows": workflows])
            }
        }
    }
}

/// One workflow on the page: its title, then its states with the rows leaving each.
struct WorkflowView {
    let name: String
    let title: String
    let states: [StateView]

    /// A state with the page anchor that the index links to (`cases-dispatched`).
    struct StateView {
        let anchor: String
        let state: WorkflowStateText
        let final: Bool
    }

    init(_ listing: WorkflowListing, _ language: WorkflowLanguage) {
        name = listing.name
        title = listing.title(language)
        states = listing.described(language).map {
            StateView(anchor: "\(listing.name)-\($0.code)", state: $0, final: $0.rows.isEmpty)
        }
    }
}

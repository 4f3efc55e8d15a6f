@testable import GridServer
import GridCore
import Testing

/// The pages and `gridgov workflow show` name states and actions with the same words: GridCore's
/// display names, which the page string tables repeat until the pages read them from GridCore.
@Suite("Workflow names on the pages")
struct WorkflowNamesTests {
    @Test("the pages' state and action words are the workflow's display names")
    func sameWords() {
        for (page, language) in [(PageLanguage.zh, WorkflowLanguage.zh), (.en, .en)] {
            let strings = PageStrings.table(page)
            for state in CaseState.allCases { #expect(strings["state_" + state.rawValue] == state.displayName(in: language)) }
            for action in CaseAction.allCases { #expect(strings["action_" + action.rawValue] == action.displayName(in: language)) }
        }
    }
}

extension WorkflowTable {
    /// The table as domain experts read it (`gridgov workflow show`): each state, then one line per
    /// row leaving it — action | who may take it | on what condition | → the state after.
    public func rendered(in language: WorkflowLanguage) -> String {
        let words = WorkflowTableWords(language)
        var lines = [words.legend]
        for state in Kind.State.allCases {
            lines.append("")
            lines.append("\(state.displayName(in: language)) (\(state.rawValue))")
            let leaving = rows(from: state)
            if leaving.isEmpty { lines.append("  " + words.noAction) }
            for row in leaving {
                // Posts in their declaration order, so the same row prints the same way every time.
                let posts = Kind.Post.allCases.filter(row.posts.contains).map { $0.displayName(in: language) }
                let condition = row.guards.isEmpty ? words.always : row.guards.map { $0.describe(in: language) }.joined(separator: words.and)
                lines.append("  \(row.action.displayName(in: language)) | \(posts.joined(separator: words.or)) | \(condition) | → \(row.to.displayName(in: language))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The few words the rendered table adds around the workflow's own names.
struct WorkflowTableWords {
    let legend, noAction, always, and, or: String

    init(_ language: WorkflowLanguage) {
        switch language {
        case .zh:
            (legend, noAction, always, and, or) = ("状态\n  操作 | 谁可以做 | 条件 | → 之后的状态", "（没有操作离开此状态）", "无", "，且", "、")
        case .en:
            (legend, noAction, always, and, or) = ("state\n  action | who may take it | condition | → state after", "(no action leaves this state)",
                                                   "always", ", and ", ", ")
        }
    }
}

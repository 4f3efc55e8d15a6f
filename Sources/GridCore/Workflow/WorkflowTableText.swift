/// One state of a workflow table in words, with the rows leaving it: what `gridgov workflow show`
/// prints and `/admin/workflows` shows.
public struct WorkflowStateText: Sendable, Equatable {
    /// The stored value (`dispatched`) and the name people read (`已派遣`).
    public let code: String
    public let name: String
    public let rows: [WorkflowRowText]
}

/// One row of a workflow table in words: action, who may take it, on what condition, the state after.
public struct WorkflowRowText: Sendable, Equatable {
    public let actionCode: String
    public let action: String
    /// The posts in their declaration order, so the same row reads the same way every time.
    public let posts: [String]
    /// Every guard in words; empty when the posts suffice.
    public let conditions: [String]
    public let to: String
}

extension WorkflowTable {
    /// The table in words, a state at a time in the states' declaration order.
    public func described(in language: WorkflowLanguage) -> [WorkflowStateText] {
        Kind.State.allCases.map { state in
            WorkflowStateText(
                code: state.rawValue, name: state.displayName(in: language),
                rows: rows(from: state).map { row in
                    WorkflowRowText(
                        actionCode: row.action.rawValue, action: row.action.displayName(in: language),
                        posts: Kind.Post.allCases.filter(row.posts.contains).map { $0.displayName(in: language) },
                        conditions: row.guards.map { $0.describe(in: language) }, to: row.to.displayName(in: language))
                })
        }
    }

    /// The table as domain experts read it (`gridgov workflow show`).
    public func rendered(in language: WorkflowLanguage) -> String {
        WorkflowTableWords.rendered(described(in: language), in: language)
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
            (legend, noAction, always, and, or) = (
                "state\n  action | who may take it | condition | → state after", "(no action leaves this state)",
                "always", ", and ", ", "
            )
        }
    }

    /// A table in words as text: each state, then one line per row leaving it —
    /// action | who may take it | on what condition | → the state after.
    static func rendered(_ states: [WorkflowStateText], in language: WorkflowLanguage) -> String {
        let words = WorkflowTableWords(language)
        var lines = [words.legend]
        for state in states {
            lines.append("")
            lines.append("\(state.name) (\(state.code))")
            if state.rows.isEmpty { lines.append("  " + words.noAction) }
            for row in state.rows {
                let condition = row.conditions.isEmpty ? words.always : row.conditions.joined(separator: words.and)
                lines.append("  \(row.action) | \(row.posts.joined(separator: words.or)) | \(condition) | → \(row.to)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

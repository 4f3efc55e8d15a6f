/// The languages a workflow table is shown in (domain experts read Chinese, the code reads English).
public enum WorkflowLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// A state, action or post of a workflow: stored and sent by its raw value, shown by its name.
public protocol WorkflowTerm: RawRepresentable<String>, Hashable, Sendable, CaseIterable {
    func displayName(in language: WorkflowLanguage) -> String
}

/// What a workflow's guards read about a subject and a caller: at least the posts the caller holds.
public protocol WorkflowFacts: Sendable {
    associatedtype Post: WorkflowTerm
    var posts: Set<Post> { get }
}

/// A named condition on the facts. A value rather than a closure, so a table can be printed,
/// compared and tested row by row.
public protocol WorkflowGuard: Hashable, Sendable {
    associatedtype Facts: WorkflowFacts
    func holds(for facts: Facts) -> Bool
    /// The condition in words, for people reading the table.
    func describe(in language: WorkflowLanguage) -> String
}

/// One workflow's vocabulary (cases; later disputes, proposals, campaigns, service claims), each
/// declaring its own ``WorkflowTable`` of it.
public protocol WorkflowKind: Sendable {
    associatedtype State: WorkflowTerm
    associatedtype Action: WorkflowTerm
    associatedtype Guard: WorkflowGuard
    typealias Facts = Guard.Facts
    typealias Post = Guard.Facts.Post
    /// What a subject is called in refusals ("case": "… is not allowed on a reported case …").
    static var subject: String { get }
}

/// One row of a workflow table: in `from`, a holder of any of `posts` may take `action` when every
/// guard holds, and the subject moves to `to` (the same state for actions that only record something).
public struct WorkflowRow<Kind: WorkflowKind>: Sendable, Hashable {
    public var from: Kind.State
    public var action: Kind.Action
    public var posts: Set<Kind.Post>
    public var to: Kind.State
    /// All must hold; none means the posts suffice.
    public var guards: [Kind.Guard]

    public init(from: Kind.State, action: Kind.Action, posts: Set<Kind.Post>, to: Kind.State, guards: [Kind.Guard] = [])
    {
        self.from = from
        self.action = action
        self.posts = posts
        self.to = to
        self.guards = guards
    }

    /// Whether a caller with these facts may take this row.
    public func admits(_ facts: Kind.Facts) -> Bool {
        !posts.isDisjoint(with: facts.posts) && guards.allSatisfy { $0.holds(for: facts) }
    }
}

/// A workflow as data. Rows are tried in order, so a guarded row placed before an unguarded one
/// of the same state and action takes precedence (e.g. an unsatisfied rating reopening a case).
public struct WorkflowTable<Kind: WorkflowKind>: Sendable {
    public let rows: [WorkflowRow<Kind>]

    public init(_ rows: [WorkflowRow<Kind>]) {
        self.rows = rows
    }

    /// The row that lets this caller take `action` now, or the refusal naming what is allowed instead.
    public func transition(from state: Kind.State, action: Kind.Action, facts: Kind.Facts) throws(StepRefusal<Kind>)
        -> WorkflowRow<Kind>
    {
        if let row = rows.first(where: { $0.from == state && $0.action == action && $0.admits(facts) }) { return row }
        throw StepRefusal(state: state, action: action, allowed: allowedActions(from: state, facts: facts))
    }

    /// The actions this caller may take in `state` now, each once, in table order.
    public func allowedActions(from state: Kind.State, facts: Kind.Facts) -> [Kind.Action] {
        var seen: Set<Kind.Action> = []
        return rows.compactMap { row in
            guard row.from == state, row.admits(facts), seen.insert(row.action).inserted else { return nil }
            return row.action
        }
    }

    /// The rows leaving `state`, in table order.
    public func rows(from state: Kind.State) -> [WorkflowRow<Kind>] {
        rows.filter { $0.from == state }
    }
}

/// What the API and pages need from any workflow's refusal to answer 409 with the allowed actions.
public protocol WorkflowRefusing: Error, CustomStringConvertible {
    var allowedActionNames: [String] { get }
}

/// An action a workflow does not allow now, with what the caller may do instead (answered as 409).
public struct StepRefusal<Kind: WorkflowKind>: WorkflowRefusing, Sendable, Equatable {
    public var state: Kind.State
    public var action: Kind.Action
    public var allowed: [Kind.Action]

    public init(state: Kind.State, action: Kind.Action, allowed: [Kind.Action]) {
        self.state = state
        self.action = action
        self.allowed = allowed
    }

    public var allowedActionNames: [String] { allowed.map(\.rawValue) }

    public var description: String {
        "'\(action.rawValue)' is not allowed on a \(state.rawValue) \(Kind.subject) for you; allowed: "
            + (allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", "))
    }
}

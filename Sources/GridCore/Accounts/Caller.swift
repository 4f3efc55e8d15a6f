/// Who is asking: the account (or API token) behind a request or command, with its role and scope.
public struct Caller: Sendable, Hashable {
    /// The account's user name, or `token:NAME` for an API token, or `system:…` for the command line.
    public var actor: String
    public var role: Role
    public var scope: AccessScope

    public init(actor: String, role: Role, scope: AccessScope) {
        self.actor = actor
        self.role = role
        self.scope = scope
    }

    /// The command line acting on the whole territory (imports, demo, account creation).
    public static func system(_ command: String) -> Caller {
        Caller(actor: "system:\(command)", role: .admin, scope: .territory)
    }
}

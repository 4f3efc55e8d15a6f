import GridCore

/// What can go wrong in the store, with enough context to tell the user which thing and why.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller's scope does not reach this thing.
    case outOfScope(String)
    case notFound(String)
    /// A unique key is already taken.
    case conflict(String)
    /// Input that the store refuses, naming the field.
    case invalid(field: String, reason: Reason)
    /// The database holds something it should not (a bad code, a broken JSON image).
    case corrupt(String)
    /// The engine failed (connection lost, disk full); the message is the engine's.
    case engine(String)
    case configuration(String)

    public var description: String {
        switch self {
        case .outOfScope(let what): "\(what) is outside your scope"
        case .notFound(let what): "\(what) does not exist"
        case .conflict(let what): "\(what) already exists"
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .corrupt(let what): "stored data is damaged: \(what)"
        case .engine(let message): "database error: \(message)"
        case .configuration(let message): "store configuration: \(message)"
        }
    }
}

extension TextRule {
    /// ``checked(_:)`` refusing as the store does, naming `field`.
    func checked(_ text: String, field: String) throws(StoreError) -> String {
        do { return try checked(text) } catch { throw .invalid(field: field, reason: error.reason) }
    }
}

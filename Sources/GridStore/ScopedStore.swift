import GridCore

/// The store as one caller may see it. Every read and write made for a request goes through a
/// `ScopedStore`, and each of its queries is bounded by the caller's scope, so no route can forget
/// to check. Features add their operations in extensions, one file a feature.
public struct ScopedStore: Sendable {
    public let store: GridStore
    public let caller: Caller
}

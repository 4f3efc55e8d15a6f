import Foundation

/// "Now", injected: production reads the system clock, tests set and move it.
public struct NowProvider: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public var now: Date { read() }

    public static let system = NowProvider { Date() }

    /// Milliseconds since 1970, the time unit stored in every table.
    public var epochMilliseconds: Int64 { now.epochMilliseconds }
}

/// One bad line of an imported file.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    /// The column at fault, when one is.
    public var field: String?
    public var reason: Reason

    public init(line: Int, field: String?, reason: Reason) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        "line \(line)" + (field.map { ", \($0)" } ?? "") + ": \(reason)"
    }
}

/// Every bad line of a file; an import with any problem writes nothing.
public struct ImportProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public private(set) var problems: [ImportProblem]

    public init(_ problems: [ImportProblem] = []) { self.problems = problems }

    public var isEmpty: Bool { problems.isEmpty }

    public mutating func append(_ line: Int, _ field: String?, _ reason: Reason) {
        problems.append(ImportProblem(line: line, field: field, reason: reason))
    }

    /// Adds `other`'s problems, keeping them all in line order.
    public mutating func merge(_ other: ImportProblems) {
        guard !other.isEmpty else { return }
        problems = (problems + other.problems).enumerated().sorted {
            ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
        }.map(\.element)
    }

    /// The first problems, one a line, and how many more there are.
    public func summary(limit: Int = 20) -> String {
        var text = problems.prefix(limit).map(\.description).joined(separator: "\n")
        if problems.count > limit { text += "\n… and \(problems.count - limit) more problems" }
        return text
    }

    public var description: String { "\(problems.count) problem(s):\n" + summary() }
}

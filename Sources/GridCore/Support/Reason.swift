import Foundation

/// Why something was refused, in words a user reads.
///
/// A reason is written where it is raised as an ordinary interpolated string —
/// `"at most \(limit) photos"` — and is kept as its English template (`at most {0} photos`) and
/// its arguments. The API and the log read the English as written; a page looks the template up
/// in the reasons table (`reasons.tsv`: English template ⇥ Chinese template) and fills in the
/// arguments, so a refusal reads in the page's language without a key invented for each one.
/// An argument that is itself a `Reason` (a noun phrase such as "a reason") is translated too.
public struct Reason: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Argument: Sendable, Hashable {
        case text(String)
        case reason(Reason)
    }

    /// The English text with `{0}`, `{1}`, … where the arguments go.
    public private(set) var template: String
    public private(set) var arguments: [Argument]

    public init(stringLiteral value: String) {
        template = value
        arguments = []
    }

    public init(stringInterpolation: StringInterpolation) {
        template = stringInterpolation.template
        arguments = stringInterpolation.arguments
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var template = ""
        var arguments: [Argument] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 3 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += literal }

        public mutating func appendInterpolation(_ reason: Reason) { append(.reason(reason)) }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            append(.text(value.description))
        }

        private mutating func append(_ argument: Argument) {
            template += "{\(arguments.count)}"
            arguments.append(argument)
        }
    }

    /// The text with each template replaced by `translate`'s (its own when `translate` has none).
    public func rendered(_ translate: (String) -> String?) -> String {
        var text = translate(template) ?? template
        for (index, argument) in arguments.enumerated().reversed() {
            let value =
                switch argument {
                case .text(let text): text
                case .reason(let reason): reason.rendered(translate)
                }
            text = text.replacingOccurrences(of: "{\(index)}", with: value)
        }
        return text
    }

    /// The English text.
    public var description: String { rendered { _ in nil } }

    /// Two reasons are the same when they read the same, however they were put together.
    public static func == (lhs: Reason, rhs: Reason) -> Bool { lhs.description == rhs.description }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Every template in this reason and its arguments, for a test that each is translated.
    public var templates: [String] {
        [template]
            + arguments.flatMap { argument -> [String] in
                if case .reason(let reason) = argument { return reason.templates }
                return []
            }
    }
}

extension Reason {
    /// A text that is not translated (a message from elsewhere: an engine, a parser).
    public init(verbatim text: String) {
        self.init(stringLiteral: text)
    }
}

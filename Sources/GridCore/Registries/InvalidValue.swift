/// A value of the registries that is not what its standard allows, and why (in words a page can
/// translate: ``Reason``).
public struct InvalidValue: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String { reason.description }
}

extension String {
    /// Full-width digits, Latin letters, spaces and the hyphen as their ASCII forms: what an
    /// office's spreadsheet or a phone's Chinese keyboard often types.
    public var halfWidth: String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: result.append(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
            case 0x3000: result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

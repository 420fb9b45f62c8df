/// A customer's name as they write it: one free-text field, trimmed of surrounding spaces, of 1 to
/// 200 Unicode scalar values and without control characters. See ``ContactText`` for which spaces
/// are trimmed and how length is counted.
public struct PersonName: Hashable, Sendable, CustomStringConvertible {
    /// The trimmed name.
    public let value: String

    /// Validates and trims `text`.
    public init(_ text: String) throws(PersonNameError) {
        do {
            value = try ContactText.normalise(text)
        } catch {
            throw PersonNameError(error)
        }
    }

    public var description: String { value }
}

/// Why a text is not a ``PersonName``.
public enum PersonNameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing but spaces, or nothing at all.
    case empty
    /// More than 200 Unicode scalar values after trimming.
    case tooLong(scalarCount: Int)
    /// A control character (general category Cc) at `position`, counted in scalars from 1.
    case controlCharacter(codePoint: UInt32, position: Int)

    init(_ violation: ContactText.Violation) {
        switch violation {
        case .empty: self = .empty
        case let .tooLong(count): self = .tooLong(scalarCount: count)
        case let .controlCharacter(codePoint, position): self = .controlCharacter(codePoint: codePoint, position: position)
        }
    }

    /// A sentence a user can act on, naming the field.
    public var description: String {
        let violation: ContactText.Violation = switch self {
        case .empty: .empty
        case let .tooLong(count): .tooLong(scalarCount: count)
        case let .controlCharacter(codePoint, position): .controlCharacter(codePoint: codePoint, position: position)
        }
        return ContactText.message(violation, field: "name")
    }
}

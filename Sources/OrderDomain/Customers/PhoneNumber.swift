/// A telephone number in E.164 form: '+' and 8 to 15 ASCII digits, nothing else.
///
/// No spaces, dashes or brackets are removed: a number is stored exactly as it will be dialled, and
/// accepting "+49 30 1234567" would invite every other notation too. Digits of other scripts are
/// refused, though `Character.isNumber` would call them digits.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The fewest and most digits after the '+'.
    public static let digitRange = 8...15

    /// The number, '+' included.
    public let value: String

    /// Validates `text`, which must already be in E.164 form.
    public init(_ text: String) throws(PhoneNumberError) {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { throw .empty }
        guard first == "+" else { throw .missingPlus }
        for (index, scalar) in scalars.enumerated().dropFirst() where !("0"..."9").contains(scalar) {
            throw .notADigit(codePoint: scalar.value, position: index + 1)
        }
        let digits = scalars.count - 1
        guard digits >= Self.digitRange.lowerBound else { throw .tooFewDigits(digits) }
        guard digits <= Self.digitRange.upperBound else { throw .tooManyDigits(digits) }
        value = text
    }

    public var description: String { value }
}

/// Why a text is not a ``PhoneNumber``.
public enum PhoneNumberError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    /// The first character is not '+' (a national "0…" or international "00…" prefix, say).
    case missingPlus
    /// Something other than an ASCII digit after the '+', at `position` counted in scalars from 1.
    case notADigit(codePoint: UInt32, position: Int)
    /// Fewer than 8 digits after the '+'.
    case tooFewDigits(Int)
    /// More than 15 digits after the '+'.
    case tooManyDigits(Int)

    /// A sentence a user can act on, naming the field.
    public var description: String {
        switch self {
        case .empty:
            "phone: must not be empty; write it as '+', the country code and the number, e.g. +4930123456"
        case .missingPlus:
            "phone: must start with '+' and the country code (E.164), e.g. +4930123456 rather than 004930123456 or 030123456"
        case let .notADigit(codePoint, position):
            "phone: only the digits 0-9 may follow the '+', without spaces or dashes; remove \(ContactText.codePointName(codePoint)) at position \(position)"
        case let .tooFewDigits(count):
            "phone: needs at least \(PhoneNumber.digitRange.lowerBound) digits after the '+', not \(count); include the country code"
        case let .tooManyDigits(count):
            "phone: may have at most \(PhoneNumber.digitRange.upperBound) digits after the '+', not \(count)"
        }
    }
}

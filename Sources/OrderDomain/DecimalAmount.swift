/// A non-negative decimal number exactly as written (`"19.99"` is 1999 with 2 fraction digits).
///
/// Commands carry prices in this form because how many digits are allowed depends on the order's
/// currency, which only the aggregate knows.
public struct DecimalAmount: Hashable, Sendable, CustomStringConvertible {
    /// All the digits, without the decimal point.
    public let significand: Int64
    /// How many of those digits were written after the decimal point.
    public let fractionDigits: Int

    /// Why a text is not a decimal amount.
    public enum ParseFailure: Error, Equatable, Sendable {
        /// Not of the form `123` or `123.45`.
        case malformed
        /// A leading minus sign: prices cannot be negative.
        case negative
        /// More digits than an exact 64-bit amount can hold.
        case tooLarge
    }

    /// Creates an amount from its parts.
    public init(significand: Int64, fractionDigits: Int) {
        precondition(significand >= 0 && fractionDigits >= 0)
        self.significand = significand
        self.fractionDigits = fractionDigits
    }

    /// Parses `digits` or `digits.digits`; no sign, exponent, grouping or surrounding spaces.
    public static func parse(_ text: String) -> Result<DecimalAmount, ParseFailure> {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") {
            utf8 = utf8.dropFirst()
            return isPlainDecimal(utf8) ? .failure(.negative) : .failure(.malformed)
        }
        guard isPlainDecimal(utf8) else { return .failure(.malformed) }
        var significand: Int64 = 0
        var fractionDigits = 0
        var afterPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                afterPoint = true
                continue
            }
            let (shifted, overflowOnShift) = significand.multipliedReportingOverflow(by: 10)
            let (sum, overflowOnAdd) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflowOnShift || overflowOnAdd { return .failure(.tooLarge) }
            significand = sum
            if afterPoint { fractionDigits += 1 }
        }
        return .success(DecimalAmount(significand: significand, fractionDigits: fractionDigits))
    }

    /// Digits, optionally one point followed by at least one digit.
    private static func isPlainDecimal(_ utf8: Substring.UTF8View) -> Bool {
        var digitsBeforePoint = 0
        var digitsAfterPoint = 0
        var sawPoint = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint { digitsAfterPoint += 1 } else { digitsBeforePoint += 1 }
            case UInt8(ascii: ".") where !sawPoint:
                sawPoint = true
            default:
                return false
            }
        }
        return digitsBeforePoint > 0 && (!sawPoint || digitsAfterPoint > 0)
    }

    /// The amount as written, e.g. `19.99` or `1200`.
    public var description: String {
        DecimalFormatting.format(significand, fractionDigits: fractionDigits)
    }
}

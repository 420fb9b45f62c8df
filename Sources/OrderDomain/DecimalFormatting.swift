/// Writes an integer count of minor units as a decimal string with a fixed number of fraction digits.
enum DecimalFormatting {
    /// `format(1999, fractionDigits: 2)` is `"19.99"`; `format(5, fractionDigits: 3)` is `"0.005"`.
    static func format(_ value: Int64, fractionDigits: Int) -> String {
        // magnitude avoids the overflow of negating Int64.min.
        var digits = String(value.magnitude)
        if fractionDigits > 0 {
            if digits.count <= fractionDigits {
                digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fractionDigits))
        }
        return value < 0 ? "-" + digits : digits
    }
}

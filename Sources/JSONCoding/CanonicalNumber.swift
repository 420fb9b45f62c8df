/// Rewrites a JSON number literal as the plain decimal of its value: no exponent, no leading zeros,
/// no trailing zeros after the point, no point when the value is whole, and `0` for zero of either sign.
///
/// `1.50`, `15e-1` and `0.15E+1` all become `1.5`; `1e2` becomes `100`; `-0.0` becomes `0`.
/// A value whose plain form would pass `maximumPlainLength` characters (PostgreSQL refuses those
/// anyway) keeps a normalized exponent form instead: the significant digits, `e`, the exponent.
public enum CanonicalNumber {
    /// Beyond this many characters the exponent form is used.
    public static let maximumPlainLength = 1_000

    /// The canonical text of a number literal that follows the RFC 8259 grammar.
    public static func plainDecimal(_ literal: String) -> String {
        // Long on purpose: one pass over the RFC 8259 number grammar, gathering digits and exponent as it goes.
        // Most numbers in payloads are whole (quantities, schema versions) and already plain: kept as they are.
        if isPlainInteger(literal.utf8) { return literal }
        var bytes = Substring(literal).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                inFraction = true
                continue
            }
            digits.append(byte)
            if inFraction { exponent -= 1 }
        }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            let exponentNegative = bytes.first == UInt8(ascii: "-")
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            var written = 0
            // Saturates: an exponent this large gives the exponent form below either way.
            for byte in bytes { written = min(written * 10 + Int(byte &- UInt8(ascii: "0")), 1_000_000_000) }
            exponent += exponentNegative ? -written : written
        }
        while digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        guard !digits.isEmpty else { return "0" }
        let sign = negative ? "-" : ""
        let significant = String(decoding: digits, as: UTF8.self)
        let plainLength = exponent >= 0 ? digits.count + exponent : max(digits.count, -exponent) + 2
        guard plainLength <= maximumPlainLength else { return sign + significant + "e" + String(exponent) }
        if exponent >= 0 { return sign + significant + String(repeating: "0", count: exponent) }
        let pointIndex = digits.count + exponent
        if pointIndex > 0 {
            return sign + String(significant.prefix(pointIndex)) + "." + String(significant.dropFirst(pointIndex))
        }
        return sign + "0." + String(repeating: "0", count: -pointIndex) + significant
    }

    /// Whether the literal is `0` or a whole number without a leading zero, a point or an exponent
    /// (and not `-0`): its own canonical text.
    private static func isPlainInteger(_ literal: String.UTF8View) -> Bool {
        var digits = literal[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return false }
        if first == UInt8(ascii: "0") { return digits.count == 1 && literal.count == 1 }
        return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

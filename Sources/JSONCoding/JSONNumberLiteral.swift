/// Reads the integer form `-?(0|[1-9][0-9]*)` of RFC 8259 number literals.
enum JSONNumberLiteral {
    /// Whether `text` is an integer literal: optional minus, then 0 or digits without a leading zero.
    static func isInteger(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8
        if utf8.first == UInt8(ascii: "-") {
            utf8 = utf8.dropFirst()
        }
        guard let leadingDigit = utf8.first, isDigit(leadingDigit) else { return false }
        if leadingDigit == UInt8(ascii: "0") {
            return utf8.count == 1
        }
        return utf8.allSatisfy(isDigit)
    }

    /// The value of an integer literal that fits in Int64, or nil for anything else.
    static func integerValue(of text: String) -> Int64? {
        guard isInteger(text) else { return nil }
        var utf8 = Substring(text).utf8
        let isNegative = utf8.first == UInt8(ascii: "-")
        if isNegative {
            utf8 = utf8.dropFirst()
        }
        // Accumulating downwards reaches Int64.min, whose magnitude has no positive Int64.
        var negatedMagnitude: Int64 = 0
        for digit in utf8 {
            let (shifted, shiftOverflowed) = negatedMagnitude.multipliedReportingOverflow(by: 10)
            let (next, subtractOverflowed) = shifted.subtractingReportingOverflow(Int64(digit &- UInt8(ascii: "0")))
            if shiftOverflowed || subtractOverflowed { return nil }
            negatedMagnitude = next
        }
        if isNegative { return negatedMagnitude }
        guard negatedMagnitude != .min else { return nil }
        return -negatedMagnitude
    }

    /// Whether `byte` is an ASCII decimal digit.
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}

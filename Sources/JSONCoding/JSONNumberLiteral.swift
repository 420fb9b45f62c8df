/// Reads the integer form `-?(0|[1-9][0-9]*)` of RFC 8259 number literals.
enum JSONNumberLiteral {
    /// Whether `text` is an integer literal: optional minus, then 0 or digits without a leading zero.
    static func isInteger(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isInteger($0) }
    }

    /// `isInteger` for a literal lent as UTF-8 bytes (found in place in stored text).
    static func isInteger(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = utf8[...]
        if digits.first == UInt8(ascii: "-") {
            digits = digits.dropFirst()
        }
        guard let leadingDigit = digits.first, isDigit(leadingDigit) else { return false }
        if leadingDigit == UInt8(ascii: "0") {
            return digits.count == 1
        }
        return digits.allSatisfy(isDigit)
    }

    /// The value of an integer literal that fits in Int64, or nil for anything else.
    static func integerValue(of text: String) -> Int64? {
        var text = text
        return text.withUTF8 { integerValue(of: $0) }
    }

    /// `integerValue` for a literal lent as UTF-8 bytes.
    static func integerValue(of utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard isInteger(utf8) else { return nil }
        var digits = utf8[...]
        let isNegative = digits.first == UInt8(ascii: "-")
        if isNegative {
            digits = digits.dropFirst()
        }
        // Accumulating downwards reaches Int64.min, whose magnitude has no positive Int64.
        var negatedMagnitude: Int64 = 0
        for digit in digits {
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

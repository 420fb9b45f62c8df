/// Byte classes used by the scanner, kept as arithmetic so they compile to a compare or two.
enum ASCII {
    /// Whether `byte` is 0-9.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Whether `byte` is 0-9, A-Z or a-z.
    @inline(__always)
    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        // Setting bit 5 folds uppercase onto lowercase.
        isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26
    }

    /// The value of a hexadecimal digit in either case, or nil for any other byte.
    @inline(__always)
    static func hexadecimalValue(_ byte: UInt8) -> UInt32? {
        if isDigit(byte) { return UInt32(byte &- UInt8(ascii: "0")) }
        let folded = byte | 0x20
        if folded &- UInt8(ascii: "a") < 6 { return UInt32(folded &- UInt8(ascii: "a") &+ 10) }
        return nil
    }
}

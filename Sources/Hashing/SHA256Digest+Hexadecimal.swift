extension SHA256Digest {
    /// The digest as 64 lowercase hexadecimal digits.
    public var hexadecimal: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 2 * Self.byteCount) { output in
            digits.withUTF8Buffer { digit in
                for (index, byte) in bytes.enumerated() {
                    output[2 &* index] = digit[Int(byte >> 4)]
                    output[2 &* index &+ 1] = digit[Int(byte & 0x0f)]
                }
            }
            return 2 * Self.byteCount
        }
    }

    /// Parses 64 hexadecimal digits (either case, nothing else around them); nil for any other text.
    public init?(hexadecimal: String) {
        var text = hexadecimal
        let parsed: [UInt8]? = text.withUTF8 { digits in
            guard digits.count == 2 * Self.byteCount else { return nil }
            var invalid: UInt8 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: Self.byteCount) { output, count in
                for index in 0..<Self.byteCount {
                    let high = Self.nibbleValue(of: digits[2 &* index]) ?? 0xFF
                    let low = Self.nibbleValue(of: digits[2 &* index &+ 1]) ?? 0xFF
                    invalid |= (high | low) & 0xF0
                    output[index] = high << 4 | low
                }
                count = Self.byteCount
            }
            return invalid == 0 ? bytes : nil
        }
        guard let parsed else { return nil }
        self.init(validatedBytes: parsed)
    }

    /// The value of one ASCII hexadecimal digit, or nil for any other byte.
    private static func nibbleValue(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

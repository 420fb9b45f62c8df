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
        let utf8 = hexadecimal.utf8
        guard utf8.count == 2 * Self.byteCount else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.byteCount)
        var highNibble: UInt8? = nil
        for character in utf8 {
            guard let nibble = Self.nibbleValue(of: character) else { return nil }
            if let high = highNibble {
                bytes.append(high << 4 | nibble)
                highNibble = nil
            } else {
                highNibble = nibble
            }
        }
        self.init(validatedBytes: bytes)
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

extension SHA256Digest {
    /// The digest as 64 lowercase hexadecimal digits.
    public var hexadecimal: String {
        withHexadecimal { String(decoding: $0, as: UTF8.self) }
    }

    /// Lends `hexadecimal`'s UTF-8 bytes to `body` from a buffer on the stack, for writers of many lines.
    @inlinable
    public func withHexadecimal<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * Self.byteCount) { output in
            writeHexadecimal(into: output)
            return try body(UnsafeBufferPointer(output))
        }
    }

    /// Writes `hexadecimal` into the first 64 bytes of `output`.
    public func writeHexadecimal(into output: UnsafeMutableBufferPointer<UInt8>) {
        bytes.withUnsafeBufferPointer { Self.writeHexadecimal(of: $0, into: output) }
    }

    /// Writes the 64 hexadecimal digits of 32 digest bytes held elsewhere (a stored row's field) into the
    /// first 64 bytes of `output`, without making a digest of them first.
    public static func writeHexadecimal(of digestBytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(digestBytes.count == byteCount && output.count >= 2 * byteCount)
        let digits: StaticString = "0123456789abcdef"
        for (index, byte) in digestBytes.enumerated() {
            output[2 &* index] = digits.utf8Start[Int(byte >> 4)]
            output[2 &* index &+ 1] = digits.utf8Start[Int(byte & 0x0f)]
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

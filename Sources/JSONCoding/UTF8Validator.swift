/// Checks bytes against the well-formed UTF-8 table of the Unicode Standard (section 3.9, table 3-7).
enum UTF8Validator {
    /// The offset of the first byte of the first ill-formed sequence, or nil when all of `bytes` is well-formed.
    static func firstInvalidByteOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Long on purpose: the table of well-formed sequences in one loop, with no call per byte on the hot path.
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var offset = 0
        while offset < count {
            // Commands are mostly ASCII, so eight bytes are cleared per step while no high bit is set.
            if offset &+ 8 <= count {
                let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    offset &+= 8
                    continue
                }
            }
            let leadByte = base[offset]
            if leadByte < 0x80 {
                offset &+= 1
                continue
            }
            // The second byte's range is where overlong forms, surrogates and values past U+10FFFF are excluded.
            let sequenceLength: Int
            var secondByteLowest: UInt8 = 0x80
            var secondByteHighest: UInt8 = 0xbf
            switch leadByte {
            case 0xc2...0xdf:
                sequenceLength = 2
            case 0xe0:
                sequenceLength = 3
                secondByteLowest = 0xa0
            case 0xe1...0xec, 0xee...0xef:
                sequenceLength = 3
            case 0xed:
                sequenceLength = 3
                secondByteHighest = 0x9f
            case 0xf0:
                sequenceLength = 4
                secondByteLowest = 0x90
            case 0xf1...0xf3:
                sequenceLength = 4
            case 0xf4:
                sequenceLength = 4
                secondByteHighest = 0x8f
            default:
                return offset
            }
            guard offset &+ sequenceLength <= count else { return offset }
            let secondByte = base[offset &+ 1]
            guard secondByte >= secondByteLowest, secondByte <= secondByteHighest else { return offset }
            for continuationIndex in 2..<sequenceLength where base[offset &+ continuationIndex] & 0xc0 != 0x80 {
                return offset
            }
            offset &+= sequenceLength
        }
        return nil
    }

    /// The scalar whose encoding starts at `offset` in bytes already found well-formed; U+FFFD mid-sequence.
    static func scalar(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        let leadByte = bytes[offset]
        let sequenceLength: Int
        var value: UInt32
        switch leadByte {
        case 0x00..<0x80: return Unicode.Scalar(leadByte)
        case 0xc0..<0xe0: sequenceLength = 2; value = UInt32(leadByte & 0x1f)
        case 0xe0..<0xf0: sequenceLength = 3; value = UInt32(leadByte & 0x0f)
        case 0xf0..<0xf8: sequenceLength = 4; value = UInt32(leadByte & 0x07)
        default: return "\u{FFFD}"
        }
        guard offset + sequenceLength <= bytes.count else { return "\u{FFFD}" }
        for continuationIndex in 1..<sequenceLength {
            value = value << 6 | UInt32(bytes[offset + continuationIndex] & 0x3f)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}

extension JSONParseSession {
    /// Reads a string whose opening quote is at the read position and returns it with escapes decoded.
    mutating func parseString() throws(JSONParseError) -> String {
        position &+= 1
        let contentStart = position
        // Most strings have no escapes: find the closing quote and decode the bytes in place.
        skipPlainStringBytes()
        guard position < input.count else { throw unexpectedEnd() }
        switch input[position] {
        case UInt8(ascii: "\""):
            let content = UnsafeBufferPointer(rebasing: input[contentStart..<position])
            position &+= 1
            return String(decoding: content, as: UTF8.self)
        case UInt8(ascii: "\\"):
            return try parseStringWithEscapes(contentStart: contentStart)
        default:
            throw unescapedControlCharacter()
        }
    }

    /// Advances to the next quote, backslash or control byte (or the end), eight bytes at a time where it can.
    @inline(__always)
    private mutating func skipPlainStringBytes() {
        guard let base = input.baseAddress else { return }
        let count = input.count
        while position &+ 8 <= count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            // Classic SWAR tests: a byte below 0x20, or a byte equal to '"' or '\' after XOR turns it to zero.
            // False alarms only happen above a real match, and the byte loop below finds the real one.
            let lowBits: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let quoteZeroed = word ^ (lowBits &* 0x22)
            let backslashZeroed = word ^ (lowBits &* 0x5c)
            let belowSpace = (word &- lowBits &* 0x20) & ~word
            let quote = (quoteZeroed &- lowBits) & ~quoteZeroed
            let backslash = (backslashZeroed &- lowBits) & ~backslashZeroed
            if (belowSpace | quote | backslash) & highBits != 0 { break }
            position &+= 8
        }
        while position < count {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            position &+= 1
        }
    }

    /// Finishes a string that contains escapes, assembling its bytes in the reusable scratch buffer.
    private mutating func parseStringWithEscapes(contentStart: Int) throws(JSONParseError) -> String {
        unescapedBytes.removeAll(keepingCapacity: true)
        unescapedBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[contentStart..<position]))
        while position < input.count {
            switch input[position] {
            case UInt8(ascii: "\""):
                position &+= 1
                // Decoding from a buffer pointer takes the standard library's fast path; an array argument does not.
                return unescapedBytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                try appendEscape()
            case 0..<0x20:
                throw unescapedControlCharacter()
            default:
                let runStart = position
                skipPlainStringBytes()
                unescapedBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
            }
        }
        throw unexpectedEnd()
    }

    /// Decodes the escape whose backslash is at the read position into the scratch buffer.
    private mutating func appendEscape() throws(JSONParseError) {
        let escapeOffset = position
        position &+= 1
        guard position < input.count else { throw unexpectedEnd() }
        let decodedByte: UInt8
        switch input[position] {
        case UInt8(ascii: "\""): decodedByte = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decodedByte = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decodedByte = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decodedByte = 0x08
        case UInt8(ascii: "f"): decodedByte = 0x0c
        case UInt8(ascii: "n"): decodedByte = 0x0a
        case UInt8(ascii: "r"): decodedByte = 0x0d
        case UInt8(ascii: "t"): decodedByte = 0x09
        case UInt8(ascii: "u"):
            position &+= 1
            appendScalarUTF8(try parseUnicodeEscape(escapeOffset: escapeOffset))
            return
        default:
            throw JSONParseError(kind: .invalidEscape, byteOffset: escapeOffset)
        }
        position &+= 1
        unescapedBytes.append(decodedByte)
    }

    /// Reads the hex digits of a `\u` escape, and its partner when it is a high surrogate, into one scalar value.
    private mutating func parseUnicodeEscape(escapeOffset: Int) throws(JSONParseError) -> UInt32 {
        let invalidEscape = JSONParseError(kind: .invalidEscape, byteOffset: escapeOffset)
        let firstUnit = try parseFourHexadecimalDigits(escapeOffset: escapeOffset)
        switch firstUnit {
        case 0xdc00...0xdfff:
            // A low surrogate with no high surrogate before it encodes nothing.
            throw invalidEscape
        case 0xd800...0xdbff:
            guard position < input.count else { throw unexpectedEnd() }
            guard input[position] == UInt8(ascii: "\\") else { throw invalidEscape }
            guard position &+ 1 < input.count else { throw unexpectedEnd() }
            guard input[position &+ 1] == UInt8(ascii: "u") else { throw invalidEscape }
            let secondEscapeOffset = position
            position &+= 2
            let secondUnit = try parseFourHexadecimalDigits(escapeOffset: secondEscapeOffset)
            guard (0xdc00...0xdfff).contains(secondUnit) else { throw invalidEscape }
            return 0x10000 &+ ((firstUnit &- 0xd800) << 10) &+ (secondUnit &- 0xdc00)
        default:
            return firstUnit
        }
    }

    /// Reads exactly four hexadecimal digits.
    private mutating func parseFourHexadecimalDigits(escapeOffset: Int) throws(JSONParseError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard position < input.count else { throw unexpectedEnd() }
            guard let digit = ASCII.hexadecimalValue(input[position]) else {
                throw JSONParseError(kind: .invalidEscape, byteOffset: escapeOffset)
            }
            unit = unit << 4 | digit
            position &+= 1
        }
        return unit
    }

    /// Appends the UTF-8 form of a scalar value that is known not to be a surrogate.
    private mutating func appendScalarUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            unescapedBytes.append(UInt8(truncatingIfNeeded: value))
        case 0x80..<0x800:
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0xc0 | value >> 6))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3f))
        case 0x800..<0x10000:
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0xe0 | value >> 12))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3f))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3f))
        default:
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0xf0 | value >> 18))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3f))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3f))
            unescapedBytes.append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3f))
        }
    }

    /// The error for a raw control byte inside a string, at that byte.
    private func unescapedControlCharacter() -> JSONParseError {
        JSONParseError(kind: .unescapedControlCharacter, byteOffset: position)
    }
}

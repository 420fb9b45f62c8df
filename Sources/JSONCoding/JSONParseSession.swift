/// One parse of a contiguous UTF-8 buffer: the read position, the open containers and reusable scratch space.
struct JSONParseSession {
    /// The whole input.
    let input: UnsafeBufferPointer<UInt8>
    /// The deepest nesting allowed.
    let maximumDepth: Int
    /// The offset of the next byte to read.
    var position = 0
    /// Reused by every string with escapes, so decoding them allocates once per document rather than per string.
    var unescapedBytes: [UInt8] = []

    /// Prepares to parse `input`.
    init(input: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.input = input
        self.maximumDepth = maximumDepth
    }

    /// Parses the whole input as exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // Checking the encoding up front means every later step may assume well-formed UTF-8,
        // and ill-formed input is reported as such wherever it sits.
        if let invalidOffset = UTF8Validator.firstInvalidByteOffset(in: input) {
            throw JSONParseError(kind: .invalidUTF8, byteOffset: invalidOffset)
        }
        skipWhitespace()
        guard position < input.count else {
            throw JSONParseError(kind: .emptyInput, byteOffset: input.count)
        }
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else {
            throw JSONParseError(kind: .trailingContent, byteOffset: position)
        }
        return value
    }

    /// Parses one value starting at the read position.
    ///
    /// Nesting is tracked on an explicit stack rather than by recursion, so parsing itself never exhausts the
    /// thread's stack whatever the limit. Destroying, comparing and writing a value do recurse per level, which is
    /// why the limit, not this loop, is what keeps hostile input harmless.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        // Long on purpose: one loop over an explicit stack; split up, every token would pass the stack and value around.
        var openContainers: [JSONOpenContainer] = []
        // Typical commands nest a few levels; room for them up front saves regrowing the stack as they open.
        openContainers.reserveCapacity(max(0, min(maximumDepth, 8)))
        var value: JSONValue
        readValue: while true {
            skipWhitespace()
            guard position < input.count else { throw unexpectedEnd() }
            switch input[position] {
            case UInt8(ascii: "{"):
                guard openContainers.count < maximumDepth else { throw tooDeep() }
                position &+= 1
                skipWhitespace()
                if position < input.count, input[position] == UInt8(ascii: "}") {
                    position &+= 1
                    value = .object(JSONObject())
                } else {
                    let firstKey = try parseKey()
                    try expectColon()
                    openContainers.append(.object(firstKey: firstKey))
                    continue readValue
                }
            case UInt8(ascii: "["):
                guard openContainers.count < maximumDepth else { throw tooDeep() }
                position &+= 1
                skipWhitespace()
                if position < input.count, input[position] == UInt8(ascii: "]") {
                    position &+= 1
                    value = .array([])
                } else {
                    openContainers.append(.array())
                    continue readValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw unexpectedCharacter()
            }

            // A value is complete: store it in the innermost container, closing containers as their ends arrive.
            while let innermost = openContainers.indices.last {
                if openContainers[innermost].isObject {
                    openContainers[innermost].members.append(
                        JSONMember(key: openContainers[innermost].pendingKey, value: value)
                    )
                } else {
                    openContainers[innermost].elements.append(value)
                }
                skipWhitespace()
                guard position < input.count else { throw unexpectedEnd() }
                switch (openContainers[innermost].isObject, input[position]) {
                case (true, UInt8(ascii: ",")):
                    position &+= 1
                    skipWhitespace()
                    let keyOffset = position
                    let key = try parseKey()
                    guard openContainers[innermost].admitKey(key) else {
                        throw JSONParseError(kind: .duplicateKey(key), byteOffset: keyOffset)
                    }
                    try expectColon()
                    continue readValue
                case (true, UInt8(ascii: "}")):
                    position &+= 1
                    value = .object(JSONObject(openContainers.removeLast().members))
                case (false, UInt8(ascii: ",")):
                    position &+= 1
                    continue readValue
                case (false, UInt8(ascii: "]")):
                    position &+= 1
                    value = .array(openContainers.removeLast().elements)
                default:
                    throw unexpectedCharacter()
                }
            }
            return value
        }
    }

    /// Moves past spaces, tabs, line feeds and carriage returns, the only whitespace RFC 8259 allows.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position &+= 1
            default:
                return
            }
        }
    }

    /// Reads an object key, which must be a string.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard position < input.count else { throw unexpectedEnd() }
        guard input[position] == UInt8(ascii: "\"") else { throw unexpectedCharacter() }
        return try parseString()
    }

    /// Reads the colon between a key and its value.
    private mutating func expectColon() throws(JSONParseError) {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        guard input[position] == UInt8(ascii: ":") else { throw unexpectedCharacter() }
        position &+= 1
    }

    /// Reads `true`, `false` or `null`, refusing letters or digits glued to the end such as `nullx`.
    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let literalBytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expectedByte in literalBytes {
            guard position < input.count else { throw unexpectedEnd() }
            guard input[position] == expectedByte else { throw unexpectedCharacter() }
            position &+= 1
        }
        if position < input.count, ASCII.isLetterOrDigit(input[position]) {
            throw unexpectedCharacter()
        }
    }

    /// The error for input that stops too early.
    func unexpectedEnd() -> JSONParseError {
        JSONParseError(kind: .unexpectedEnd, byteOffset: input.count)
    }

    /// The error for the character at the read position, naming it.
    func unexpectedCharacter() -> JSONParseError {
        JSONParseError(
            kind: .unexpectedCharacter,
            byteOffset: position,
            unexpectedScalar: UTF8Validator.scalar(at: position, in: input)
        )
    }

    /// The error for a bracket that would open one level too many.
    private func tooDeep() -> JSONParseError {
        JSONParseError(kind: .tooDeep(limit: maximumDepth), byteOffset: position)
    }
}

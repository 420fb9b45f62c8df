extension JSONParseSession {
    /// Reads `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?` and returns its text unchanged.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = position
        if input[position] == UInt8(ascii: "-") {
            position &+= 1
        }
        guard position < input.count, ASCII.isDigit(input[position]) else { throw invalidNumber() }
        if input[position] == UInt8(ascii: "0") {
            position &+= 1
            // A leading zero would otherwise look like the number 0 followed by trailing content.
            if position < input.count, ASCII.isDigit(input[position]) { throw invalidNumber() }
        } else {
            skipDigits()
        }
        if position < input.count, input[position] == UInt8(ascii: ".") {
            position &+= 1
            guard position < input.count, ASCII.isDigit(input[position]) else { throw invalidNumber() }
            skipDigits()
        }
        if position < input.count, input[position] | 0x20 == UInt8(ascii: "e") {
            position &+= 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position &+= 1
            }
            guard position < input.count, ASCII.isDigit(input[position]) else { throw invalidNumber() }
            skipDigits()
        }
        // Text like 0x1F, 1.5.2 or 2-3 is one mistyped number to a person, so say so rather than blame what follows.
        if position < input.count {
            let next = input[position]
            if ASCII.isLetterOrDigit(next) || next == UInt8(ascii: ".") || next == UInt8(ascii: "+")
                || next == UInt8(ascii: "-")
            {
                throw invalidNumber()
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
    }

    /// Moves past a run of decimal digits.
    @inline(__always)
    private mutating func skipDigits() {
        while position < input.count, ASCII.isDigit(input[position]) {
            position &+= 1
        }
    }

    /// The error for a malformed number, at the byte where the grammar broke.
    private func invalidNumber() -> JSONParseError {
        JSONParseError(kind: .invalidNumber, byteOffset: position)
    }
}

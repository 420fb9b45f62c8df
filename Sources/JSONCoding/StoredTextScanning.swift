/// The steps that read JSON text in place, shared by the canonical transcoder of stored text
/// (`JSONTextWriter+StoredText`) and `JSONScalarMembers`: both keep to the same plain subset.
enum StoredTextScanning {
    /// The end of a string that starts at `start` and holds printable ASCII only, no escape; nil otherwise.
    static func plainStringEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < text.count, text[start] == UInt8(ascii: "\"") else { return nil }
        var index = start + 1
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") { return index + 1 }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        return nil
    }

    /// The end of `true`, `false` or `null` at `start`, the literal itself; nil when none starts there.
    static func literal(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, literal: UnsafeBufferPointer<UInt8>)? {
        guard start < text.count else { return nil }
        let literal: StaticString
        switch text[start] {
        case UInt8(ascii: "t"): literal = "true"
        case UInt8(ascii: "f"): literal = "false"
        case UInt8(ascii: "n"): literal = "null"
        default: return nil
        }
        let literalBytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard text.count - start >= literalBytes.count,
              UnsafeBufferPointer(rebasing: text[start..<(start + literalBytes.count)]).elementsEqual(literalBytes)
        else { return nil }
        return (start + literalBytes.count, literalBytes)
    }

    static func skipWhitespace(in text: UnsafeBufferPointer<UInt8>, at index: inout Int) {
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }
}

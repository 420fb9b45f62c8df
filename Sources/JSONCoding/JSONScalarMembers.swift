/// The members of a JSON object, read in place from its text when every value is a scalar: a string of
/// printable ASCII without escapes, a whole number, `true`, `false` or `null`.
///
/// A replay decodes every event's payload, a flat object of a few such members; parsing each into a
/// `JSONValue`, with its array and strings, and releasing it was a fifth of a long replay. Anything
/// outside this subset is declined, and the caller parses the text, which stays the one definition of
/// what the text means; within it both read the same values (the unit tests compare them).
///
/// Lent for one call (`withMembers`): the members point into the text and into memory on the stack.
public struct JSONScalarMembers {
    /// Objects with more members are declined: their places are kept on the stack.
    public static let maximumCount = 16

    /// One member's key without its quotes and its value's text (a string's with its quotes).
    @usableFromInline
    struct Member {
        let key: Range<Int>
        let value: Range<Int>
    }

    private let text: UnsafeBufferPointer<UInt8>
    private let members: UnsafeBufferPointer<Member>

    @usableFromInline
    init(text: UnsafeBufferPointer<UInt8>, members: UnsafeBufferPointer<Member>) {
        self.text = text
        self.members = members
    }

    /// Calls `body` with the members of the object `text` holds; returns nil without calling it when the
    /// text is not an object within the subset, has more than `maximumCount` members, or names a key twice.
    /// Inlinable, so that callers in other modules get it specialized rather than through generic
    /// metadata looked up at run time for every payload.
    @inlinable
    public static func withMembers<Result>(of text: UnsafeBufferPointer<UInt8>, _ body: (JSONScalarMembers) throws -> Result) rethrows -> Result? {
        try withUnsafeTemporaryAllocation(of: Member.self, capacity: maximumCount) { storage -> Result? in
            guard let members = findMembers(of: text, into: storage) else { return nil }
            return try body(JSONScalarMembers(text: text, members: members))
        }
    }

    /// The value of the member named `key`, nil when there is none.
    public subscript(key: StaticString) -> JSONScalar? {
        let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        for member in members where Self.bytes(of: member.key, in: text).elementsEqual(keyBytes) {
            let value = Self.bytes(of: member.value, in: text)
            switch value[0] {
            case UInt8(ascii: "\""): return .string(UnsafeBufferPointer(rebasing: value.dropFirst().dropLast()))
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            case UInt8(ascii: "n"): return .null
            default: return .integer(JSONNumberLiteral.integerValue(of: value))
            }
        }
        return nil
    }

    private static func bytes(of range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: text[range])
    }

    /// Finds the members of `text` and returns them, or nil for text outside the subset or a key twice
    /// (the parser refuses that; the caller's parse names it).
    @usableFromInline
    static func findMembers(of text: UnsafeBufferPointer<UInt8>, into storage: UnsafeMutableBufferPointer<Member>) -> UnsafeBufferPointer<Member>? {
        guard let count = findMemberCount(of: text, into: storage) else { return nil }
        let found = UnsafeBufferPointer(rebasing: storage[0..<count])
        for later in found.indices {
            for earlier in 0..<later where bytes(of: found[earlier].key, in: text).elementsEqual(bytes(of: found[later].key, in: text)) {
                return nil
            }
        }
        return found
    }

    /// Finds the members of `text` and returns how many there are, or nil for text outside the subset.
    private static func findMemberCount(of text: UnsafeBufferPointer<UInt8>, into storage: UnsafeMutableBufferPointer<Member>) -> Int? {
        var index = 0
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        guard index < text.count, text[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        var count = 0
        if index < text.count, text[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard count < storage.count, let keyEnd = StoredTextScanning.plainStringEnd(in: text, from: index) else { return nil }
                let key = (index + 1)..<(keyEnd - 1)
                index = keyEnd
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard index < text.count, text[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard let valueEnd = scalarEnd(in: text, from: index) else { return nil }
                storage[count] = Member(key: key, value: index..<valueEnd)
                count += 1
                index = valueEnd
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard index < text.count else { return nil }
                let separator = text[index]
                index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return nil }
                StoredTextScanning.skipWhitespace(in: text, at: &index)
            }
        }
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        return index == text.count ? count : nil
    }

    /// The end of the scalar that starts at `start`, or nil when none of the subset starts there.
    private static func scalarEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < text.count else { return nil }
        switch text[start] {
        case UInt8(ascii: "\""): return StoredTextScanning.plainStringEnd(in: text, from: start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return StoredTextScanning.literal(in: text, from: start)?.end
        default:
            var end = start
            while end < text.count, text[end] == UInt8(ascii: "-") || (text[end] >= UInt8(ascii: "0") && text[end] <= UInt8(ascii: "9")) { end += 1 }
            // A fraction or an exponent, or a malformed literal, is left to the parser.
            guard end > start, JSONNumberLiteral.isInteger(UnsafeBufferPointer(rebasing: text[start..<end])) else { return nil }
            return end
        }
    }
}

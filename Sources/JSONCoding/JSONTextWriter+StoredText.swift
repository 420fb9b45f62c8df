/// Canonical form straight from stored text, without a `JSONValue` in between.
///
/// `audit verify` and `export` parsed every payload and metadata into values only to write them back in
/// canonical form: the parse, its strings and dictionaries and their release were half of the client's
/// time. PostgreSQL's `jsonb` output of the stored objects keeps to a plain subset (ASCII strings without
/// escapes, whole numbers), whose strings and numbers are their own canonical text: only the members'
/// order changes. Anything outside that subset is declined, and the caller parses and writes the value,
/// which stays the one definition of the canonical form; within it both write the same bytes (the unit
/// tests compare them).
extension JSONTextWriter {
    /// Deeper text is declined (the parser allows 64 levels; stored payloads use two).
    static let storedTextMaximumDepth = 16
    /// Objects with more members are declined: their members are sorted on the stack.
    static let storedTextMaximumMembers = 32

    /// Writes the canonical form of the JSON object `text` and returns true, or writes nothing and
    /// returns false when `text` is not an object within the plain subset (or not JSON at all).
    public mutating func writeCanonicalObject(storedText text: UnsafeBufferPointer<UInt8>) -> Bool {
        let mark = count
        var index = 0
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        guard index < text.count, text[index] == UInt8(ascii: "{"), writeStoredValue(text, at: &index, depth: 1) else {
            count = mark
            return false
        }
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        guard index == text.count else {
            count = mark
            return false
        }
        return true
    }

    /// Appends bytes as they are: text already in its final form (a line written elsewhere).
    public mutating func writeRaw(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        appendBytes(bytes)
    }

    private mutating func writeStoredValue(_ text: UnsafeBufferPointer<UInt8>, at index: inout Int, depth: Int) -> Bool {
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        guard index < text.count, depth <= Self.storedTextMaximumDepth else { return false }
        let first = text[index]
        switch first {
        case UInt8(ascii: "{"): return writeStoredObject(text, at: &index, depth: depth)
        case UInt8(ascii: "["): return writeStoredArray(text, at: &index, depth: depth)
        case UInt8(ascii: "\""):
            guard let end = StoredTextScanning.plainStringEnd(in: text, from: index) else { return false }
            appendBytes(UnsafeBufferPointer(rebasing: text[index..<end]))
            index = end
            return true
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard let (end, literal) = StoredTextScanning.literal(in: text, from: index) else { return false }
            appendBytes(literal)
            index = end
            return true
        default:
            guard let end = Self.plainIntegerEnd(in: text, from: index) else { return false }
            appendBytes(UnsafeBufferPointer(rebasing: text[index..<end]))
            index = end
            return true
        }
    }

    private mutating func writeStoredArray(_ text: UnsafeBufferPointer<UInt8>, at index: inout Int, depth: Int) -> Bool {
        index += 1
        appendByte(UInt8(ascii: "["))
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        if index < text.count, text[index] == UInt8(ascii: "]") {
            index += 1
            appendByte(UInt8(ascii: "]"))
            return true
        }
        while true {
            guard writeStoredValue(text, at: &index, depth: depth + 1) else { return false }
            StoredTextScanning.skipWhitespace(in: text, at: &index)
            guard index < text.count else { return false }
            let separator = text[index]
            index += 1
            if separator == UInt8(ascii: "]") {
                appendByte(separator)
                return true
            }
            guard separator == UInt8(ascii: ",") else { return false }
            appendByte(separator)
        }
    }

    /// Writes each member's value in input order after the text written so far, then the object with its
    /// members sorted by key over them, moved down into place: values are transcoded once.
    private mutating func writeStoredObject(_ text: UnsafeBufferPointer<UInt8>, at index: inout Int, depth: Int) -> Bool {
        index += 1
        StoredTextScanning.skipWhitespace(in: text, at: &index)
        if index < text.count, text[index] == UInt8(ascii: "}") {
            index += 1
            appendByte(UInt8(ascii: "{"))
            appendByte(UInt8(ascii: "}"))
            return true
        }
        let valuesStart = count
        return withUnsafeTemporaryAllocation(of: StoredMember.self, capacity: Self.storedTextMaximumMembers) { members in
            var memberCount = 0
            var keyBytes = 0
            while true {
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard memberCount < members.count, index < text.count, text[index] == UInt8(ascii: "\""),
                      let keyEnd = StoredTextScanning.plainStringEnd(in: text, from: index)
                else { return false }
                let key = index..<keyEnd
                index = keyEnd
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard index < text.count, text[index] == UInt8(ascii: ":") else { return false }
                index += 1
                let valueStart = count
                guard writeStoredValue(text, at: &index, depth: depth + 1) else { return false }
                members.initializeElement(at: memberCount, to: StoredMember(key: key, value: valueStart..<count))
                memberCount += 1
                keyBytes += key.count
                StoredTextScanning.skipWhitespace(in: text, at: &index)
                guard index < text.count else { return false }
                let separator = text[index]
                index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return false }
            }
            let sorted = UnsafeMutableBufferPointer(rebasing: members[0..<memberCount])
            // Keys compared without their quotes: a quote sorts above `!` and the space.
            func precedes(_ left: StoredMember, _ right: StoredMember) -> Bool {
                UnsafeBufferPointer(rebasing: text[(left.key.lowerBound + 1)..<(left.key.upperBound - 1)])
                    .lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: text[(right.key.lowerBound + 1)..<(right.key.upperBound - 1)]))
            }
            for unsorted in 1..<memberCount {
                let member = sorted[unsorted]
                var slot = unsorted
                while slot > 0, precedes(member, sorted[slot - 1]) {
                    sorted[slot] = sorted[slot - 1]
                    slot -= 1
                }
                sorted[slot] = member
            }
            // Equal keys: the parser refuses duplicates, so the caller's parse gives the answer.
            for position in 1..<max(memberCount, 1) where !precedes(sorted[position - 1], sorted[position]) { return false }
            let valuesEnd = count
            // Room for the whole object first: the values are copied from this same buffer.
            reserveCapacity(valuesEnd + (valuesEnd - valuesStart) + keyBytes + 2 * memberCount + 2)
            let objectStart = count
            appendByte(UInt8(ascii: "{"))
            for position in 0..<memberCount {
                if position > 0 { appendByte(UInt8(ascii: ",")) }
                appendBytes(UnsafeBufferPointer(rebasing: text[sorted[position].key]))
                appendByte(UInt8(ascii: ":"))
                let value = sorted[position].value
                appendBytes(UnsafeBufferPointer(start: start + value.lowerBound, count: value.count))
            }
            appendByte(UInt8(ascii: "}"))
            let objectLength = count - objectStart
            // Overlapping moves are allowed: copyMemory is a memmove.
            UnsafeMutableRawPointer(start + valuesStart).copyMemory(from: start + objectStart, byteCount: objectLength)
            count = valuesStart + objectLength
            return true
        }
    }

    /// The end of a whole number without a point, an exponent or a leading zero (and not `-0`), of at
    /// most 18 digits, that starts at `start`: its own canonical text. nil otherwise.
    private static func plainIntegerEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        if index < text.count, text[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") { index += 1 }
        let digits = index - digitsStart
        guard digits >= 1, digits <= 18 else { return nil }
        if text[digitsStart] == UInt8(ascii: "0"), digits > 1 || digitsStart != start { return nil }
        if index < text.count, text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            return nil
        }
        return index
    }
}

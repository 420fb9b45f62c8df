/// Writes JSON values as UTF-8 text, compact or indented, as they are or in canonical form.
///
/// Writing recurses once per nesting level; values produced by the parser are bounded by its depth limit.
/// Callers that write many lines of a fixed shape (an export, a chain's canonical forms) write their
/// members one by one into one writer instead of building a `JSONValue` per line.
public struct JSONTextWriter {
    /// The text written so far.
    public var output: [UInt8] = []
    /// Spaces per nesting level, or nil for compact output with no whitespace at all.
    let indentWidth: Int?
    /// Whether values are written in canonical form (`JSONValue.canonicalUTF8()`): object members in the
    /// order of their keys' UTF-8 bytes, numbers as plain decimals; the value itself is not copied.
    public var canonical = false

    /// Prepares a writer; `indentWidth` nil means compact output.
    public init(indentWidth: Int? = nil, canonical: Bool = false) {
        self.indentWidth = indentWidth.map { max(0, $0) }
        self.canonical = canonical
        output.reserveCapacity(256)
    }

    /// Appends an integer, its digits written in place rather than through a String.
    public mutating func writeInteger(_ value: some BinaryInteger) {
        guard let wide = Int64(exactly: value) else {
            appendUTF8(of: String(value))
            return
        }
        if wide < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = wide.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start &-= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Appends text that is already JSON (punctuation, or a member's quoted key and colon), unchecked.
    public mutating func writeRaw(_ text: StaticString) {
        append(text)
    }

    /// Appends `value`, which sits `depth` levels deep, to the output.
    public mutating func write(_ value: JSONValue, depth: Int = 0) {
        switch value {
        case .null:
            append("null")
        case .bool(let bool):
            append(bool ? "true" : "false")
        case .number(let text):
            appendUTF8(of: canonical ? CanonicalNumber.plainDecimal(text) : text)
        case .string(let string):
            writeString(string)
        case .array(let elements):
            guard !elements.isEmpty else {
                append("[]")
                return
            }
            output.append(UInt8(ascii: "["))
            // Indexing rather than enumerating lets each element be borrowed instead of copied and retained.
            for index in elements.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                startLine(depth: depth &+ 1)
                write(elements[index], depth: depth &+ 1)
            }
            startLine(depth: depth)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                append("{}")
                return
            }
            output.append(UInt8(ascii: "{"))
            let members = object.members
            // The order lives on the stack: a replay writes two small objects per event, and sorting an
            // array of indices on the heap for each was a tenth of its time.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
                for index in members.indices { order[index] = index }
                if canonical { Self.sortByKey(order, of: members) }
                for position in order.indices {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    startLine(depth: depth &+ 1)
                    writeString(members[order[position]].key)
                    output.append(UInt8(ascii: ":"))
                    if indentWidth != nil { output.append(UInt8(ascii: " ")) }
                    write(members[order[position]].value, depth: depth &+ 1)
                }
            }
            startLine(depth: depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Sorts member indices by their keys' UTF-8 bytes. Insertion sort: objects written in canonical form
    /// (payloads, metadata) have a handful of members, and keys are unique, so the order is total.
    private static func sortByKey(_ order: UnsafeMutableBufferPointer<Int>, of members: [JSONMember]) {
        for unsorted in order.indices.dropFirst() {
            let index = order[unsorted]
            var slot = unsorted
            while slot > 0, members[index].key.utf8.lexicographicallyPrecedes(members[order[slot &- 1]].key.utf8) {
                order[slot] = order[slot &- 1]
                slot &-= 1
            }
            order[slot] = index
        }
    }

    /// Writes a quoted string, escaping only what JSON requires so non-ASCII text stays readable.
    public mutating func writeString(_ string: String) {
        Self.withUTF8(of: string) { writeString(utf8: $0) }
    }

    /// `writeString` for text lent as UTF-8 bytes (an id or a time printed into a buffer on the stack).
    public mutating func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        output.append(UInt8(ascii: "\""))
        // Unescaped runs are copied in one go; only the bytes needing escapes are handled singly.
        var runStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            appendEscape(for: byte)
            runStart = index &+ 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(UInt8(ascii: "\""))
    }

    /// Writes text that needs no escaping (ids, times and digests, printed as digits, letters, dashes and
    /// colons) between quotes, without looking at it.
    public mutating func writeUnescapedString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: bytes)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends the escape for a quote, backslash or control byte: the short form where JSON has one, else \u00xx.
    private mutating func appendEscape(for byte: UInt8) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0c: output.append(UInt8(ascii: "f"))
        case 0x0a: output.append(UInt8(ascii: "n"))
        case 0x0d: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hexadecimalDigits: StaticString = "0123456789abcdef"
            append("u00")
            output.append(hexadecimalDigits.utf8Start[Int(byte >> 4)])
            output.append(hexadecimalDigits.utf8Start[Int(byte & 0x0f)])
        }
    }

    /// In indented output, ends the line and indents the next one for `depth`; in compact output, does nothing.
    private mutating func startLine(depth: Int) {
        guard let indentWidth else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentWidth &* depth))
    }

    /// Appends ASCII text known at compile time.
    private mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes without inspecting them.
    private mutating func appendUTF8(of text: String) {
        Self.withUTF8(of: text) { bytes in
            output.append(contentsOf: bytes)
        }
    }

    /// Lends a string's UTF-8 bytes to `body`, copying only strings that are not stored contiguously.
    @inline(__always)
    private static func withUTF8(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // The UTF-8 view is borrowed in place for native strings, avoiding the copy that String.withUTF8 needs.
        if string.utf8.withContiguousStorageIfAvailable({ body($0) }) == nil {
            var contiguousCopy = string
            contiguousCopy.withUTF8(body)
        }
    }
}

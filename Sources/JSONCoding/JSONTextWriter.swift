/// Writes JSON values as UTF-8 text, compact or indented, as they are or in canonical form.
///
/// Writing recurses once per nesting level; values produced by the parser are bounded by its depth limit.
/// Callers that write many lines of a fixed shape (an export, a chain's canonical forms) write their
/// members one by one into one writer instead of building a `JSONValue` per line.
///
/// A writer owns its bytes and cannot be copied, only lent (`inout`): appends are then a capacity check
/// and a copy, without the uniqueness check and call an `Array` append makes, which was a tenth of a
/// long replay (a hundred appends per event).
public struct JSONTextWriter: ~Copyable {
    /// Spaces per nesting level, or nil for compact output with no whitespace at all.
    let indentWidth: Int?
    /// Whether values are written in canonical form (`JSONValue.canonicalUTF8()`): object members in the
    /// order of their keys' UTF-8 bytes, numbers as plain decimals; the value itself is not copied.
    public var canonical = false
    /// The written bytes: `count` of them from `start`, with room for `capacity`.
    // Usable from inlinable code: the appends callers in other modules make for every member of every line
    // (`writeRaw`, `writeUnescapedString`, `writeInteger`) are inlined into them rather than called.
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    // Internal, not private: the stored-text transcoder (JSONTextWriter+StoredText) writes and rewinds it.
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    /// Prepares a writer; `indentWidth` nil means compact output.
    public init(indentWidth: Int? = nil, canonical: Bool = false) {
        self.indentWidth = indentWidth.map { max(0, $0) }
        self.canonical = canonical
        capacity = 256
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }

    /// A copy of the text written so far.
    public var output: [UInt8] {
        withOutput { Array($0) }
    }

    /// How many bytes have been written.
    public var byteCount: Int { count }

    /// Lends the text written so far, without copying it.
    public func withOutput<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: start, count: count))
    }

    /// Forgets the text written so far, keeping the memory for what comes next.
    public mutating func removeAll() {
        count = 0
    }

    /// Forgets the text written after the first `byteCount` bytes: a line abandoned halfway, to be written
    /// again another way.
    public mutating func rewind(to byteCount: Int) {
        precondition(byteCount >= 0 && byteCount <= count, "rewinding past the text written")
        count = byteCount
    }

    /// Makes room for `minimumCapacity` bytes in all.
    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: minimumCapacity)
        larger.initialize(from: start, count: count)
        start.deallocate()
        start = larger
        capacity = minimumCapacity
    }

    @inlinable @inline(__always)
    mutating func appendByte(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        start[count] = byte
        count &+= 1
    }

    @inlinable @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if capacity &- count < bytes.count { grow(toHold: bytes.count) }
        (start + count).initialize(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Doubles the memory, or more when `extra` bytes need more.
    @usableFromInline
    mutating func grow(toHold extra: Int) {
        reserveCapacity(max(capacity * 2, count + extra))
    }

    /// Appends an integer, its digits written in place rather than through a String.
    public mutating func writeInteger(_ value: some BinaryInteger) {
        guard let wide = Int64(exactly: value) else {
            appendUTF8(of: String(value))
            return
        }
        writeInteger(wide)
    }

    /// `writeInteger` for an `Int`, the type of versions and counts: called from other modules, the generic
    /// one reached every operation on its value through witness tables (a few per cent of an export).
    public mutating func writeInteger(_ value: Int) {
        writeInteger(Int64(value))
    }

    /// `writeInteger` for an `Int64`, the type of positions and amounts: see the `Int` one.
    public mutating func writeInteger(_ value: Int64) {
        if value < 0 { appendByte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start &-= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            appendBytes(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Appends text that is already JSON (punctuation, or a member's quoted key and colon), unchecked.
    @inlinable @inline(__always)
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
            writeArray(elements, depth: depth)
        case .object(let object):
            writeObject(object, depth: depth)
        }
    }

    /// Appends an array that sits `depth` levels deep, one element a line when indenting.
    private mutating func writeArray(_ elements: [JSONValue], depth: Int) {
        guard !elements.isEmpty else {
            append("[]")
            return
        }
        appendByte(UInt8(ascii: "["))
        // Indexing rather than enumerating lets each element be borrowed instead of copied and retained.
        for index in elements.indices {
            if index > 0 { appendByte(UInt8(ascii: ",")) }
            startLine(depth: depth &+ 1)
            write(elements[index], depth: depth &+ 1)
        }
        startLine(depth: depth)
        appendByte(UInt8(ascii: "]"))
    }

    /// Appends an object that sits `depth` levels deep, its members sorted by key when canonical.
    private mutating func writeObject(_ object: JSONObject, depth: Int) {
        guard !object.isEmpty else {
            append("{}")
            return
        }
        appendByte(UInt8(ascii: "{"))
        let members = object.members
        // The order lives on the stack: a replay writes two small objects per event, and sorting an
        // array of indices on the heap for each was a tenth of its time.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
            for index in members.indices { order[index] = index }
            if canonical { Self.sortByKey(order, of: members) }
            for position in order.indices {
                if position > 0 { appendByte(UInt8(ascii: ",")) }
                startLine(depth: depth &+ 1)
                writeString(members[order[position]].key)
                appendByte(UInt8(ascii: ":"))
                if indentWidth != nil { appendByte(UInt8(ascii: " ")) }
                write(members[order[position]].value, depth: depth &+ 1)
            }
        }
        startLine(depth: depth)
        appendByte(UInt8(ascii: "}"))
    }

    /// Sorts member indices by their keys' UTF-8 bytes; keys are unique, so the order is total.
    /// Payloads and metadata have a handful of members, sorted by insertion in place; an object from
    /// input (an imported feed's payload) may have thousands, which get the standard library's sort.
    private static func sortByKey(_ order: UnsafeMutableBufferPointer<Int>, of members: [JSONMember]) {
        guard order.count <= 16 else {
            var order = order
            order.sort { members[$0].key.utf8.lexicographicallyPrecedes(members[$1].key.utf8) }
            return
        }
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
        appendByte(UInt8(ascii: "\""))
        // Unescaped runs are copied in one go; only the bytes needing escapes are handled singly.
        var runStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            appendEscape(for: byte)
            runStart = index &+ 1
        }
        appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        appendByte(UInt8(ascii: "\""))
    }

    /// Writes text that needs no escaping (ids, times and digests, printed as digits, letters, dashes and
    /// colons) between quotes, without looking at it.
    @inlinable
    public mutating func writeUnescapedString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        appendByte(UInt8(ascii: "\""))
        appendBytes(bytes)
        appendByte(UInt8(ascii: "\""))
    }

    /// Appends the escape for a quote, backslash or control byte: the short form where JSON has one, else \u00xx.
    private mutating func appendEscape(for byte: UInt8) {
        appendByte(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): appendByte(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): appendByte(UInt8(ascii: "\\"))
        case 0x08: appendByte(UInt8(ascii: "b"))
        case 0x0c: appendByte(UInt8(ascii: "f"))
        case 0x0a: appendByte(UInt8(ascii: "n"))
        case 0x0d: appendByte(UInt8(ascii: "r"))
        case 0x09: appendByte(UInt8(ascii: "t"))
        default:
            let hexadecimalDigits: StaticString = "0123456789abcdef"
            append("u00")
            appendByte(hexadecimalDigits.utf8Start[Int(byte >> 4)])
            appendByte(hexadecimalDigits.utf8Start[Int(byte & 0x0f)])
        }
    }

    /// In indented output, ends the line and indents the next one for `depth`; in compact output, does nothing.
    private mutating func startLine(depth: Int) {
        guard let indentWidth else { return }
        appendByte(UInt8(ascii: "\n"))
        for _ in 0..<(indentWidth &* depth) { appendByte(UInt8(ascii: " ")) }
    }

    /// Appends ASCII text known at compile time.
    @inlinable @inline(__always)
    mutating func append(_ text: StaticString) {
        appendBytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes without inspecting them.
    private mutating func appendUTF8(of text: String) {
        Self.withUTF8(of: text) { bytes in
            appendBytes(bytes)
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

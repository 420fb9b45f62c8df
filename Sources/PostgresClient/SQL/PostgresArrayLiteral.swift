/// PostgreSQL's text form of a one-dimensional array, so a whole batch of values travels as one
/// parameter (`unnest($1::uuid[])`) instead of being spliced into SQL text.
package enum PostgresArrayLiteral {
    /// `{"a","b",NULL}`: every element quoted, backslashes and quotes escaped, nil as NULL.
    ///
    /// Built as UTF-8 bytes, copying each run between escapes at once: `submit` sends every field of a
    /// batch this way, and appending to a `String` scalar by scalar was a third of its time.
    package static func literal(_ elements: [String?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        bytes.append(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard var element else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(quote)
            element.withUTF8 { text in
                var runStart = 0
                for offset in text.indices where text[offset] == quote || text[offset] == backslash {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<offset]))
                    bytes.append(backslash)
                    runStart = offset
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
            }
            bytes.append(quote)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}

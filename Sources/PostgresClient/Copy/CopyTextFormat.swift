/// PostgreSQL's COPY text format, for writing: tab-separated fields, `\N` for NULL, backslash escapes
/// for the backslash, tab, newline and carriage return. (Reading uses the binary format: `BinaryCopyRow`.)
package enum CopyTextFormat {
    /// Appends one row for COPY input to `bytes`: the fields escaped, tab-separated, with its newline.
    ///
    /// Byte by byte over UTF-8, copying runs without a special byte in one piece: the bulk build writes
    /// every read-model row through here, and escaping by Unicode scalars was a fifth of a rebuild.
    package static func appendRow(_ fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            var field = field
            field.withUTF8 { utf8 in appendEscaped(utf8, to: &bytes) }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var runStart = 0
        for index in 0..<text.count {
            let escape: UInt8
            switch text[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(escape)
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }
}

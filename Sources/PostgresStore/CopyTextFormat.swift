/// PostgreSQL's COPY text format: tab-separated fields, `\N` for NULL, backslash escapes for the
/// backslash, tab, newline and carriage return (and `\b \f \v` on output).
enum CopyTextFormat {
    /// The fields of one row as bytes (nil for NULL), without its newline.
    ///
    /// Each field is copied in one piece and unescaped only if it holds a backslash: export and audit
    /// split every row of the log here, and copying byte by byte was a fifth of an export.
    static func fields(of row: UnsafeBufferPointer<UInt8>) -> [[UInt8]?] {
        var fields: [[UInt8]?] = []
        fields.reserveCapacity(12)
        var end = row.count
        if end > 0, row[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var start = 0
        var index = 0
        var escaped = false
        while true {
            if index == end || row[index] == UInt8(ascii: "\t") {
                let field = UnsafeBufferPointer(rebasing: row[start..<index])
                if field.count == 2, field[0] == UInt8(ascii: "\\"), field[1] == UInt8(ascii: "N") {
                    fields.append(nil)
                } else {
                    fields.append(escaped ? unescaped(Array(field)) : Array(field))
                }
                if index == end { break }
                index += 1
                start = index
                escaped = false
                continue
            }
            if row[index] == UInt8(ascii: "\\") {
                // Keep an escape pair together, so an escaped tab is not taken for a separator.
                escaped = true
                index = min(index + 2, end)
            } else {
                index += 1
            }
        }
        return fields
    }

    /// A field's bytes with its escapes resolved.
    private static func unescaped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\\")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "v"): output.append(0x0B)
            default: output.append(next)
            }
            index += 2
        }
        return output
    }

    /// Appends one row for COPY input to `bytes`: the fields escaped, tab-separated, with its newline.
    ///
    /// Byte by byte over UTF-8, copying runs without a special byte in one piece: the bulk build writes
    /// every read-model row through here, and escaping by Unicode scalars was a fifth of a rebuild.
    static func appendRow(_ fields: [String], to bytes: inout [UInt8]) {
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

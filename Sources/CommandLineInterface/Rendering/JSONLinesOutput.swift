import JSONCoding

/// JSON Lines for standard output, written into one buffer that goes out every 64 KiB.
///
/// A write per line was a tenth of an export; one buffer for a whole answer grew to megabytes for a long
/// replay, and its page faults and copies were a fifth of the replay's time.
struct JSONLinesOutput: ~Copyable {
    /// Where the current line is written.
    var writer = JSONTextWriter()

    init() {
        writer.reserveCapacity(Self.flushSize + 4096)
    }

    /// Ends the line just written, sending the buffer once it is full.
    mutating func endLine() {
        Self.endLine(in: &writer)
    }

    /// Sends what is buffered.
    mutating func flush() {
        Self.flush(&writer)
    }

    /// `endLine` for the output's writer lent to a writing loop (`exportText`), which holds it meanwhile.
    static func endLine(in writer: inout JSONTextWriter) {
        writer.writeRaw("\n")
        if writer.byteCount >= flushSize { flush(&writer) }
    }

    private static func flush(_ writer: inout JSONTextWriter) {
        writer.withOutput { StandardStreams.write($0, to: .output) }
        writer.removeAll()
    }

    private static let flushSize = 1 << 16
}

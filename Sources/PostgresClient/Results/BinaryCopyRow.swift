/// A row of `COPY ... TO STDOUT (FORMAT binary)`: the fields of one CopyData message, found in place.
package struct BinaryCopyRow: StoredColumns {
    // Inlinable, with the fields it reads, because the decoders that read every row of an audit or an
    // export live in PostgresStore: across the module boundary each field was a call through a witness table.
    // Package, not internal: `audit verify` keeps a stream's rows to read them again (QuickChainCheck).
    package let message: UnsafeBufferPointer<UInt8>
    package let fields: [Range<Int>?]

    /// A row kept apart from its COPY (`audit verify` keeps a stream's rows to read them again when its chain
    /// does not check out quickly): `fields` are ranges of `message`.
    package init(message: UnsafeBufferPointer<UInt8>, fields: [Range<Int>?]) {
        self.message = message
        self.fields = fields
    }

    @inlinable
    package func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard column < fields.count, let range = fields[column] else { return nil }
        return UnsafeBufferPointer(rebasing: message[range])
    }

    /// Calls `body` with each row in one CopyData message; returns false once the trailer is read.
    ///
    /// The first message starts with the file header. PostgreSQL sends each row in a message of its own
    /// (several rows in one message are read too; a row split across messages is refused as malformed)
    /// and the trailer (a field count of -1) last. `fields` is reused from row to row, so a row costs
    /// no allocation; a row is valid only inside `body`.
    package static func rows(
        in message: UnsafeBufferPointer<UInt8>, isFirst: Bool, fields: inout [Range<Int>?], context: () -> String,
        _ body: (BinaryCopyRow) throws -> Void
    ) throws -> Bool {
        // Long on purpose: the framing of one CopyData message read in one pass, allocation-free per row.
        var offset = 0
        func malformed(_ what: String) -> PostgresError {
            PostgresError(kind: .statementFailed, message: "the binary COPY stream is malformed: \(what)", context: context())
        }
        func read(_ count: Int) throws -> Int {
            guard message.count - offset >= count else { throw malformed("a length runs past the end of its message") }
            var value = 0
            for index in offset..<(offset + count) { value = value << 8 | Int(message[index]) }
            offset += count
            return value
        }
        if isFirst {
            guard message.starts(with: signature) else { throw malformed("no PGCOPY signature") }
            offset = signature.count
            _ = try read(4) // flags: our COPYs carry no OIDs
            let extensionLength = try read(4)
            guard message.count - offset >= extensionLength else { throw malformed("the header extension runs past its message") }
            offset += extensionLength
        }
        while offset < message.count {
            let count = Int(Int16(truncatingIfNeeded: try read(2)))
            if count == -1 { return false }
            fields.removeAll(keepingCapacity: true)
            for _ in 0..<max(count, 0) {
                let length = Int(Int32(truncatingIfNeeded: try read(4)))
                if length == -1 {
                    fields.append(nil)
                    continue
                }
                guard length >= 0 else { throw malformed("a field length of \(length)") }
                guard message.count - offset >= length else { throw malformed("a field runs past the end of its message") }
                fields.append(offset..<(offset + length))
                offset += length
            }
            try body(BinaryCopyRow(message: message, fields: fields))
        }
        return true
    }

    /// "PGCOPY\n\377\r\n\0"
    private static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]
}

/// One row of stored events in PostgreSQL's binary format, by column number, whether a query returned it
/// or a `COPY` streamed it.
///
/// Binary rather than text: a uuid comes as its 16 bytes, a time as microseconds, a hash as its 32
/// bytes, so neither PostgreSQL nor this process formats or parses them, and no field needs unescaping.
/// Reading the log in text form spent a third of an export on both sides doing exactly that.
package protocol StoredColumns {
    /// The field's bytes; nil for NULL. Valid only while the row is.
    func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>?
}

extension StoredColumns {
    /// A text field.
    @inlinable
    package func string(_ column: Int) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A `smallint`, `integer` or `bigint` field (big-endian, by its length); nil for anything else.
    @inlinable
    package func integer(_ column: Int) -> Int64? {
        guard let field = bytes(column) else { return nil }
        switch field.count {
        case 8: return Int64(bitPattern: Self.bigEndian(field))
        case 4: return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: Self.bigEndian(field))))
        case 2: return Int64(Int16(bitPattern: UInt16(truncatingIfNeeded: Self.bigEndian(field))))
        default: return nil
        }
    }

    @inlinable
    package static var postgresEpochInUnixMicroseconds: Int64 { 946_684_800_000_000 }

    @inlinable
    package static func bigEndian(_ field: UnsafeBufferPointer<UInt8>) -> UInt64 {
        field.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

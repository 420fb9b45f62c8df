import FoundationEssentials
import Hashing
import JSONCoding
import OrderDomain

/// One row of stored events in PostgreSQL's binary format, by column number, whether a query returned it
/// or a `COPY` streamed it.
///
/// Binary rather than text: a uuid comes as its 16 bytes, a time as microseconds, a hash as its 32
/// bytes, so neither PostgreSQL nor this process formats or parses them, and no field needs unescaping.
/// Reading the log in text form spent a third of an export on both sides doing exactly that.
protocol StoredColumns {
    /// The field's bytes; nil for NULL. Valid only while the row is.
    func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>?
}

extension StoredColumns {
    /// A text field.
    func string(_ column: Int) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A `smallint`, `integer` or `bigint` field (big-endian, by its length); nil for anything else.
    func integer(_ column: Int) -> Int64? {
        guard let field = bytes(column) else { return nil }
        switch field.count {
        case 8: return Int64(bitPattern: Self.bigEndian(field))
        case 4: return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: Self.bigEndian(field))))
        case 2: return Int64(Int16(bitPattern: UInt16(truncatingIfNeeded: Self.bigEndian(field))))
        default: return nil
        }
    }

    /// A text field parsed as JSON (a `jsonb` selected as `::text`).
    func json(_ column: Int) throws -> JSONValue? {
        try bytes(column).map { try JSONParser.parse($0) }
    }

    /// A `uuid` field.
    func identifier<Entity>(_ column: Int) -> Identifier<Entity>? {
        guard let field = bytes(column), field.count == 16 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: UnsafeRawBufferPointer(field)) }
        return Identifier(UUID(uuid: uuid))
    }

    /// A `timestamptz` field: microseconds since 2000-01-01 UTC; nil for ±infinity and beyond Int64 in Unix time.
    func timestamp(_ column: Int) -> Timestamp? {
        guard let field = bytes(column), field.count == 8 else { return nil }
        let microseconds = Int64(bitPattern: Self.bigEndian(field))
        guard microseconds != .min, microseconds != .max else { return nil }
        // PostgreSQL goes up to the year 294,276; the Unix count overflows a few decades before.
        let (unix, overflow) = microseconds.addingReportingOverflow(Self.postgresEpochInUnixMicroseconds)
        return overflow ? nil : Timestamp(microsecondsSinceEpoch: unix)
    }

    /// A `bytea` field of 32 bytes.
    func digest(_ column: Int) -> SHA256Digest? {
        bytes(column).flatMap { SHA256Digest(bytes: Array($0)) }
    }

    private static var postgresEpochInUnixMicroseconds: Int64 { 946_684_800_000_000 }

    private static func bigEndian(_ field: UnsafeBufferPointer<UInt8>) -> UInt64 {
        field.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

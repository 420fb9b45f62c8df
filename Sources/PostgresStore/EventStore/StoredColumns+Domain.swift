import FoundationEssentials
import Hashing
import JSONCoding
import OrderDomain
import PostgresClient

/// The stored events' own column types, read from a binary row: JSON payloads, ids, times and digests.
extension StoredColumns {
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

}

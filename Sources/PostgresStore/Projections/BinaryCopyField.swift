import FoundationEssentials
import PostgresClient

/// Fields in PostgreSQL's binary COPY format (each a 32-bit big-endian length, then the type's binary
/// form), for the bulk build's `COPY ... FROM STDIN (FORMAT binary)`: the server stores them as they
/// come, where text fields cost it a parse each (uuid, timestamptz, integers), a third of the COPY.
/// An element of a binary array has the same layout, so `BinaryArrayParameter` builds its elements here.
enum BinaryCopyField {
    /// The stream's start: signature, flags (none) and header extension length (none).
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The stream's end: a field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    /// A row's start: its number of fields.
    static func appendFieldCount(_ count: Int, to bytes: inout [UInt8]) {
        appendBigEndian(UInt16(count), to: &bytes)
    }

    static func appendUUID(_ uuid: UUID, to bytes: inout [UInt8]) {
        appendBigEndian(UInt32(16), to: &bytes)
        withUnsafeBytes(of: uuid.uuid) { bytes.append(contentsOf: $0) }
    }

    static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendBigEndian(UInt32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// jsonb's binary form is a version byte (1) and the document's text.
    static func appendJSONB(_ document: String, to bytes: inout [UInt8]) {
        var document = document
        document.withUTF8 { appendJSONB(utf8: $0, to: &bytes) }
    }

    /// `appendJSONB` for a document's text lent as UTF-8 bytes (a writer's output).
    static func appendJSONB(utf8 document: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        appendBigEndian(UInt32(document.count + 1), to: &bytes)
        bytes.append(1)
        bytes.append(contentsOf: document)
    }

    /// bytea's binary form is the bytes themselves.
    static func appendBytes(_ value: [UInt8], to bytes: inout [UInt8]) {
        appendBigEndian(UInt32(value.count), to: &bytes)
        bytes.append(contentsOf: value)
    }

    /// NULL: a length of -1 and no bytes.
    static func appendNull(to bytes: inout [UInt8]) {
        appendBigEndian(UInt32.max, to: &bytes)
    }

    static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        appendBigEndian(UInt32(4), to: &bytes)
        appendBigEndian(UInt32(bitPattern: Int32(value)), to: &bytes)
    }

    static func appendBigint(_ value: Int64, to bytes: inout [UInt8]) {
        appendBigEndian(UInt32(8), to: &bytes)
        appendBigEndian(UInt64(bitPattern: value), to: &bytes)
    }

    static func appendTimestamp(microsecondsSinceUnixEpoch: Int64, to bytes: inout [UInt8]) {
        // timestamptz counts from PostgreSQL's epoch, 2000-01-01T00:00:00Z, as the binary reader does.
        appendBigint(microsecondsSinceUnixEpoch - QueryRow.postgresEpochInUnixMicroseconds, to: &bytes)
    }

    private static func appendBigEndian<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

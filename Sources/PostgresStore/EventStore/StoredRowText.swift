import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// A stored event's row written as text straight from its binary fields: its canonical form (the hash
/// chain's input) and its feed line (`export`), without a `ChainedEvent` and its parsed payload in between.
///
/// Parsing payload and metadata into values and writing them back was half of `audit verify`'s and
/// `export`'s own time. Each function declines (returns false, having written nothing worth keeping) a row
/// whose text is not within `JSONTextWriter.writeCanonicalObject(storedText:)`'s plain subset or that
/// `StoredEventRow.decode` would refuse; the caller then takes that path, the one definition of both
/// texts, which also names what is wrong with the row. Columns as `StoredEventRow.columns(of:)` selects them.
enum StoredRowText {
    /// Writes the canonical form of the row's event (`EventChain.withCanonicalForm`) into `writer`, emptied first.
    static func writeCanonicalForm(of row: some StoredColumns, into writer: inout JSONTextWriter) -> Bool {
        writer.removeAll()
        guard row.integer(0) != nil, let orderID: OrderID = row.identifier(1), let version = row.integer(2),
              let eventID: EventID = row.identifier(3), let type = row.bytes(4), isPlain(type),
              let schemaVersion = row.integer(5), let payload = row.bytes(6), let metadata = row.bytes(7),
              let occurredAt = row.timestamp(8)
        else { return false }
        writer.canonical = true
        writer.writeRaw("[")
        writer.writeString(EventChain.formTag)
        writer.writeRaw(",")
        orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeInteger(Int(version))
        writer.writeRaw(",")
        eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeUnescapedString(utf8: type)
        writer.writeRaw(",")
        writer.writeInteger(Int(schemaVersion))
        writer.writeRaw(",")
        guard writer.writeCanonicalObject(storedText: payload) else { return false }
        writer.writeRaw(",")
        guard writer.writeCanonicalObject(storedText: metadata) else { return false }
        writer.writeRaw(",")
        occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw("]")
        return true
    }

    /// Appends the row's feed line (`FeedLine.write(into:)`) to `writer`; on false the caller rewinds to
    /// where it was (`mark`) itself.
    static func writeFeedLine(of row: some StoredColumns, into writer: inout JSONTextWriter) -> Bool {
        guard let position = row.integer(0), let orderID: OrderID = row.identifier(1), let version = row.integer(2),
              let eventID: EventID = row.identifier(3), let type = row.bytes(4), isPlain(type),
              let schemaVersion = row.integer(5), let payload = row.bytes(6), let metadata = row.bytes(7),
              let occurredAt = row.timestamp(8), let hash = row.bytes(9), hash.count == SHA256Digest.byteCount
        else { return false }
        writer.canonical = false
        writer.writeRaw("{\"position\":")
        writer.writeInteger(position)
        writer.writeRaw(",\"streamId\":")
        orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"version\":")
        writer.writeInteger(Int(version))
        writer.writeRaw(",\"eventId\":")
        eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"type\":")
        writer.writeUnescapedString(utf8: type)
        writer.writeRaw(",\"schemaVersion\":")
        writer.writeInteger(Int(schemaVersion))
        writer.writeRaw(",\"payload\":")
        guard writer.writeCanonicalObject(storedText: payload) else { return false }
        writer.writeRaw(",\"metadata\":")
        guard writer.writeCanonicalObject(storedText: metadata) else { return false }
        writer.writeRaw(",\"occurredAt\":")
        occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"hash\":\"")
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * SHA256Digest.byteCount) { hexadecimal in
            let digits: StaticString = "0123456789abcdef"
            for (index, byte) in hash.enumerated() {
                hexadecimal[2 * index] = digits.utf8Start[Int(byte >> 4)]
                hexadecimal[2 * index + 1] = digits.utf8Start[Int(byte & 0x0f)]
            }
            writer.writeRaw(utf8: UnsafeBufferPointer(hexadecimal))
        }
        writer.writeRaw("\"}")
        return true
    }

    /// Printable ASCII without a quote or a backslash: text that `writeString` would copy as it is.
    private static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}

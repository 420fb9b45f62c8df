import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// A stored event's row written as text straight from its binary fields: its canonical form (the hash
/// chain's input) and its feed line (`export`), without a `ChainedEvent` and its parsed payload in between.
///
/// Parsing payload and metadata into values and writing them back was half of `audit verify`'s and
/// `export`'s own time. A row whose text is not within `JSONTextWriter.writeCanonicalObject(storedText:)`'s
/// plain subset, or that `StoredEventRow.decode` would refuse, takes that path instead, the one definition
/// of both texts, which also names what is wrong with the row: the canonical form declines it (returns
/// false) for its caller to decode, the feed line is taken back and written from its `FeedLine` here.
/// Columns as `StoredEventRow.columns(of:)` selects them.
enum StoredRowText {
    /// The fields both texts write, as the row holds them; nil when one is NULL or malformed, or the type
    /// is not plain text.
    private struct Fields {
        let position: Int64
        let orderID: OrderID
        let version: Int
        let eventID: EventID
        let type: UnsafeBufferPointer<UInt8>
        let schemaVersion: Int
        let payload: UnsafeBufferPointer<UInt8>
        let metadata: UnsafeBufferPointer<UInt8>
        let occurredAt: Timestamp

        init?(_ row: some StoredColumns) {
            guard let position = row.integer(0), let orderID: OrderID = row.identifier(1), let version = row.integer(2),
                  let eventID: EventID = row.identifier(3), let type = row.bytes(4), StoredRowText.isPlain(type),
                  let schemaVersion = row.integer(5), let payload = row.bytes(6), let metadata = row.bytes(7),
                  let occurredAt = row.timestamp(8)
            else { return nil }
            (self.position, self.orderID, self.version, self.eventID, self.type) = (position, orderID, Int(version), eventID, type)
            (self.schemaVersion, self.payload, self.metadata, self.occurredAt) = (Int(schemaVersion), payload, metadata, occurredAt)
        }
    }

    /// Writes the canonical form of the row's event (`EventChain.withCanonicalForm`) into `writer`, emptied first.
    static func writeCanonicalForm(of row: some StoredColumns, into writer: inout JSONTextWriter) -> Bool {
        writer.removeAll()
        guard let fields = Fields(row) else { return false }
        writer.canonical = true
        writer.writeRaw("[")
        writer.writeString(EventChain.formTag)
        writer.writeRaw(",")
        fields.orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeInteger(fields.version)
        writer.writeRaw(",")
        fields.eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeUnescapedString(utf8: fields.type)
        writer.writeRaw(",")
        writer.writeInteger(fields.schemaVersion)
        writer.writeRaw(",")
        guard writer.writeCanonicalObject(storedText: fields.payload) else { return false }
        writer.writeRaw(",")
        guard writer.writeCanonicalObject(storedText: fields.metadata) else { return false }
        writer.writeRaw(",")
        fields.occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw("]")
        return true
    }

    /// Appends the row's feed line (`FeedLine.write(into:)`) to `writer`: `export`'s line.
    static func writeFeedLine(of row: some StoredColumns, into writer: inout JSONTextWriter, context: String) throws {
        writer.writeRaw("{")
        try writeFeedLineMembers(of: row, into: &writer, context: context)
        writer.writeRaw("}")
    }

    /// Appends the members of the row's feed line without its braces (`FeedLine.writeMembers(into:)`):
    /// `replay` adds a member of its own. Written from the row's fields where the row allows; any other
    /// row is taken back and written through its `FeedLine`, which also names what is wrong with it.
    static func writeFeedLineMembers(of row: some StoredColumns, into writer: inout JSONTextWriter, context: String) throws {
        let start = writer.byteCount
        guard !writeFeedLineMembersFromFields(of: row, into: &writer) else { return }
        writer.rewind(to: start)
        try StoredEventRow.feedLine(row, context: context).writeMembers(into: &writer)
    }

    /// `writeFeedLineMembers` from the row's fields alone; false, with the writer to be rewound, for a
    /// row outside the plain subset.
    private static func writeFeedLineMembersFromFields(of row: some StoredColumns, into writer: inout JSONTextWriter) -> Bool {
        guard let fields = Fields(row), let hash = row.bytes(9), hash.count == SHA256Digest.byteCount else { return false }
        // The writer is the caller's (export's output buffer): left as found, as `FeedLine.writeMembers` leaves it.
        let wasCanonical = writer.canonical
        defer { writer.canonical = wasCanonical }
        writer.canonical = false
        writer.writeRaw("\"position\":")
        writer.writeInteger(fields.position)
        writer.writeRaw(",\"streamId\":")
        fields.orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"version\":")
        writer.writeInteger(fields.version)
        writer.writeRaw(",\"eventId\":")
        fields.eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"type\":")
        writer.writeUnescapedString(utf8: fields.type)
        writer.writeRaw(",\"schemaVersion\":")
        writer.writeInteger(fields.schemaVersion)
        writer.writeRaw(",\"payload\":")
        guard writer.writeCanonicalObject(storedText: fields.payload) else { return false }
        writer.writeRaw(",\"metadata\":")
        guard writer.writeCanonicalObject(storedText: fields.metadata) else { return false }
        writer.writeRaw(",\"occurredAt\":")
        fields.occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"hash\":\"")
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * SHA256Digest.byteCount) { hexadecimal in
            SHA256Digest.writeHexadecimal(of: hash, into: hexadecimal)
            writer.writeRaw(utf8: UnsafeBufferPointer(hexadecimal))
        }
        writer.writeRaw("\"")
        return true
    }

    /// Printable ASCII without a quote or a backslash: text that `writeString` would copy as it is.
    fileprivate static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}

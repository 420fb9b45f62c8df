import JSONCoding
import OrderDomain

/// One event of a stream as `replay` reads it: its feed line already written as text, beside the fields
/// the fold reads. A store may write the text straight from the row it holds (`EventLogReading.forEachWrittenLine`),
/// without a `FeedLine` in between: parsing the metadata and every payload into values only to write them
/// back, and releasing them, was a third of a long replay.
///
/// Lent for one call: `members` is valid only during it.
public struct WrittenFeedLine {
    /// The line's members without its braces, exactly what `FeedLine.writeMembers(into:)` writes.
    public let members: UnsafeBufferPointer<UInt8>
    /// The stream.
    public let orderID: OrderID
    /// 1, 2, 3, ... within the stream.
    public let version: Int
    /// When it happened.
    public let occurredAt: Timestamp
    /// `OrderPlaced`, `ItemAdded`, ... as stored.
    public let type: String
    /// The payload's shape.
    public let schemaVersion: Int
    /// The payload as JSON text, for the decoder, which reads it in place where it can.
    public let payload: UnsafeBufferPointer<UInt8>

    /// Creates a written line from its text and the fields the fold reads.
    public init(
        members: UnsafeBufferPointer<UInt8>, orderID: OrderID, version: Int, occurredAt: Timestamp, type: String, schemaVersion: Int,
        payload: UnsafeBufferPointer<UInt8>
    ) {
        self.members = members
        self.orderID = orderID
        self.version = version
        self.occurredAt = occurredAt
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
    }

    /// Lends `line` to `body` as a written line, its members and payload written into `writer` (emptied
    /// first): what a store without a text path of its own hands over (`EventLogReading.forEachWrittenLine`).
    public static func withWritten<Result>(
        _ line: FeedLine, using writer: inout JSONTextWriter, _ body: (WrittenFeedLine) throws -> Result
    ) rethrows -> Result {
        writer.removeAll()
        line.writeMembers(into: &writer)
        let membersEnd = writer.byteCount
        writer.write(.object(line.event.payload))
        let event = line.event
        return try writer.withOutput { text in
            try body(
                WrittenFeedLine(
                    members: UnsafeBufferPointer(rebasing: text[..<membersEnd]), orderID: event.orderID, version: event.version,
                    occurredAt: event.occurredAt, type: event.type, schemaVersion: event.schemaVersion,
                    payload: UnsafeBufferPointer(rebasing: text[membersEnd...])
                )
            )
        }
    }
}

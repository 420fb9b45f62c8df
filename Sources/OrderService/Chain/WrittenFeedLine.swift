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
    /// Its stored shape, for the decoder.
    public let encoded: EncodedEvent

    /// Creates a written line from its text and the fields the fold reads.
    public init(members: UnsafeBufferPointer<UInt8>, orderID: OrderID, version: Int, occurredAt: Timestamp, encoded: EncodedEvent) {
        self.members = members
        self.orderID = orderID
        self.version = version
        self.occurredAt = occurredAt
        self.encoded = encoded
    }

    /// `line`, whose members `members` holds as text.
    public init(members: UnsafeBufferPointer<UInt8>, of line: FeedLine) {
        self.init(members: members, orderID: line.event.orderID, version: line.event.version, occurredAt: line.event.occurredAt, encoded: line.event.encoded)
    }
}

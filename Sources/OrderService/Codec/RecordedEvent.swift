import Hashing
import JSONCoding
import OrderDomain

/// An event as the store holds it.
public struct RecordedEvent: Sendable, Equatable {
    /// Unique and increasing in append order across all streams.
    public let position: Int64
    /// The order the event belongs to.
    public let orderID: OrderID
    /// 1, 2, 3, ... within the stream.
    public let version: Int
    /// The event's own id.
    public let eventID: EventID
    /// The fact, in its current shape.
    public let event: OrderEvent
    /// When it happened.
    public let occurredAt: Timestamp
    /// At least `commandId`, plus the command's own metadata.
    public let metadata: JSONObject
    /// Its link in the stream's hash chain (`EventChain`).
    public let hash: SHA256Digest

    /// Creates a recorded event.
    public init(
        position: Int64, orderID: OrderID, version: Int, eventID: EventID, event: OrderEvent, occurredAt: Timestamp, metadata: JSONObject,
        hash: SHA256Digest
    ) {
        self.position = position
        self.orderID = orderID
        self.version = version
        self.eventID = eventID
        self.event = event
        self.occurredAt = occurredAt
        self.metadata = metadata
        self.hash = hash
    }

    /// A sealed event as the store recorded it in `orderID`'s stream at `position`: every store builds
    /// what it returns from an append this one way.
    public init(sealed: SealedEvent, orderID: OrderID, position: Int64) {
        self.init(
            position: position, orderID: orderID, version: sealed.version, eventID: sealed.pending.eventID,
            event: sealed.pending.event, occurredAt: sealed.pending.occurredAt, metadata: sealed.pending.metadata, hash: sealed.hash
        )
    }
}

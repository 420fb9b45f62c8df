import Hashing
import OrderDomain

/// A new event ready to store: its version, its stored shape and its link in the stream's hash chain.
public struct SealedEvent: Sendable, Equatable {
    /// The decided event.
    public let pending: PendingEvent
    /// Its version in the stream.
    public let version: Int
    /// Its `event_type`, `schema_version` and `payload`.
    public let encoded: EncodedEvent
    /// Its chain link.
    public let hash: SHA256Digest

    /// Creates a sealed event.
    public init(pending: PendingEvent, version: Int, encoded: EncodedEvent, hash: SHA256Digest) {
        self.pending = pending
        self.version = version
        self.encoded = encoded
        self.hash = hash
    }

    /// The stored fields the chain link covers, as the event sits in `orderID`'s stream.
    public func chained(in orderID: OrderID) -> ChainedEvent {
        ChainedEvent(
            orderID: orderID, version: version, eventID: pending.eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
            payload: encoded.payload, metadata: pending.metadata, occurredAt: pending.occurredAt
        )
    }
}

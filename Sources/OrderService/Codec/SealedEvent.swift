import Hashing
import JSONCoding
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
    /// The payload as the JSON text the store writes, serialized here, once. `submit` seals events on the
    /// thread that decides a batch and writes them on another, the busier of the two: 8 % of the client's
    /// CPU was this serialization on the writing side.
    public let storedPayload: String
    /// The metadata as the JSON text the store writes, serialized here for the same reason.
    public let storedMetadata: String

    /// Creates a sealed event.
    public init(pending: PendingEvent, version: Int, encoded: EncodedEvent, hash: SHA256Digest) {
        self.pending = pending
        self.version = version
        self.encoded = encoded
        self.hash = hash
        storedPayload = JSONValue.object(encoded.payload).serialized()
        storedMetadata = JSONValue.object(pending.metadata).serialized()
    }

    /// The stored fields the chain link covers, as the event sits in `orderID`'s stream.
    public func chained(in orderID: OrderID) -> ChainedEvent {
        ChainedEvent(
            orderID: orderID, version: version, eventID: pending.eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
            payload: encoded.payload, metadata: pending.metadata, occurredAt: pending.occurredAt
        )
    }
}

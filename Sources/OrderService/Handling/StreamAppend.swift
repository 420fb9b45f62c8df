import Hashing
import OrderDomain
import OrderProjections

/// Everything one command writes, which the store commits in one transaction or not at all.
public struct StreamAppend: Sendable, Equatable {
    /// The stream.
    public let orderID: OrderID
    /// The version the decision was made on; the append fails if the stream has moved (0 = new stream).
    public let expectedVersion: Int
    /// The new events, to become versions `expectedVersion + 1 ...`.
    public let events: [PendingEvent]
    /// The chain link of the event at `expectedVersion` (`EventChain.genesis` for a new stream). The
    /// version check makes it safe to chain onto: the append fails if that event is no longer the last.
    public let previousHash: SHA256Digest
    /// The idempotency record.
    public let command: CommandRecord
    /// The order's read model after the events (inline projection).
    public let view: OrderView
    /// The new events as the store writes them: version, stored shape and chain link, each linked to
    /// the one before. Sealed once here, because both the store and the handler's `StreamHead` need them.
    public let sealedEvents: [SealedEvent]

    /// Creates an append.
    public init(orderID: OrderID, expectedVersion: Int, events: [PendingEvent], previousHash: SHA256Digest, command: CommandRecord, view: OrderView) {
        self.orderID = orderID
        self.expectedVersion = expectedVersion
        self.events = events
        self.previousHash = previousHash
        self.command = command
        self.view = view
        self.sealedEvents = Self.seal(events, of: orderID, after: expectedVersion, chainedTo: previousHash)
    }

    private static func seal(_ events: [PendingEvent], of orderID: OrderID, after expectedVersion: Int, chainedTo previousHash: SHA256Digest) -> [SealedEvent] {
        var previous = previousHash
        return events.enumerated().map { offset, pending in
            let encoded = EventCodec.encode(pending.event)
            let version = expectedVersion + offset + 1
            let chained = ChainedEvent(
                orderID: orderID, version: version, eventID: pending.eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
                payload: encoded.payload, metadata: pending.metadata, occurredAt: pending.occurredAt
            )
            previous = EventChain.link(of: chained, after: previous)
            return SealedEvent(pending: pending, version: version, encoded: encoded, hash: previous)
        }
    }
}

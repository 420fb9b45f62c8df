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
    /// The idempotency record.
    public let command: CommandRecord
    /// The order's read model after the events (inline projection).
    public let view: OrderView

    /// Creates an append.
    public init(orderID: OrderID, expectedVersion: Int, events: [PendingEvent], command: CommandRecord, view: OrderView) {
        self.orderID = orderID
        self.expectedVersion = expectedVersion
        self.events = events
        self.command = command
        self.view = view
    }
}

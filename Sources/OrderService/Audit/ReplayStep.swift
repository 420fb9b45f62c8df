import OrderDomain
import OrderProjections

/// One event of a replayed stream, with the order as it stood right after it.
public struct ReplayStep: Sendable, Equatable {
    /// The event as stored (position, shape, hash).
    public let line: FeedLine
    /// The event as the domain reads it (upcast).
    public let event: OrderEvent
    /// The order after it; nil only for events before the order was placed, which a valid stream never has.
    public let view: OrderView?
}

import OrderProjections

/// One event of a replayed stream read as a written line (`WrittenFeedLine`): the order as it stood
/// right after it. The line itself is not kept: the store lends it for one call only.
public struct WrittenReplayStep {
    /// The order after the event; nil only for events before the order was placed, which a valid stream never has.
    public let view: OrderView?
}

import OrderProjections

extension OrderView {
    /// The view after one more recorded event of the order's stream.
    public static func evolve(_ view: OrderView?, with recorded: RecordedEvent) -> OrderView? {
        evolve(view, orderID: recorded.orderID, with: recorded.event, version: recorded.version, occurredAt: recorded.occurredAt)
    }
}

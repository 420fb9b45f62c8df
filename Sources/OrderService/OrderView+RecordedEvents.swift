import OrderProjections

extension OrderView {
    /// The view after one more recorded event of the order's stream.
    public static func evolve(_ view: OrderView?, with recorded: RecordedEvent) -> OrderView? {
        evolve(view, orderID: recorded.orderID, with: recorded.event, version: recorded.version, occurredAt: recorded.occurredAt)
    }

    /// The view a stream's recorded events fold to, in version order; nil while the order is not placed.
    public static func folding(_ history: some Sequence<RecordedEvent>) -> OrderView? {
        history.reduce(nil, evolve(_:with:))
    }
}

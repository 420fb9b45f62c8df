import OrderDomain

/// The order read model: what `query order` shows, folded from the order's recorded events.
public struct OrderView: Hashable, Sendable {
    /// The order (and stream) id.
    public let orderID: OrderID
    /// The order's state after the last folded event.
    public var order: Order
    /// The stream version of the last folded event.
    public var version: Int
    /// When the order was placed.
    public let placedAt: Timestamp
    /// When the last folded event happened.
    public var updatedAt: Timestamp

    /// Creates a view from its parts (used when loading a stored row).
    public init(orderID: OrderID, order: Order, version: Int, placedAt: Timestamp, updatedAt: Timestamp) {
        self.orderID = orderID
        self.order = order
        self.version = version
        self.placedAt = placedAt
        self.updatedAt = updatedAt
    }

    /// The view after one more event of the order's stream; nil while the order has not been placed.
    ///
    /// Pure, so the inline update at append time and any later rebuild from the log cannot disagree.
    public static func evolve(
        _ view: OrderView?, orderID: OrderID, with event: OrderEvent, version: Int, occurredAt: Timestamp
    ) -> OrderView? {
        guard var view else {
            guard case let .placed(order) = OrderState.initial.evolve(event) else { return nil }
            return OrderView(orderID: orderID, order: order, version: version, placedAt: occurredAt, updatedAt: occurredAt)
        }
        if case let .placed(order) = OrderState.placed(view.order).evolve(event) {
            view.order = order
        }
        view.version = version
        view.updatedAt = occurredAt
        return view
    }
}

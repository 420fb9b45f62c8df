/// A fact about one order. Each accepted command produces exactly one.
public enum OrderEvent: Hashable, Sendable {
    case orderPlaced(customer: CustomerID, currency: Currency)
    case itemAdded(product: ProductID, quantity: Int, unitPrice: Money)
    /// `quantity` is what was actually removed, resolved even when the command said "the whole line",
    /// so a replay never depends on the state it is applied to.
    case itemRemoved(product: ProductID, quantity: Int)
    case orderConfirmed
    case orderShipped(trackingNumber: String?)
    case orderDelivered
    case orderCancelled(reason: String?)

    /// The event's kind, without its data.
    public var kind: Kind {
        switch self {
        case .orderPlaced: .orderPlaced
        case .itemAdded: .itemAdded
        case .itemRemoved: .itemRemoved
        case .orderConfirmed: .orderConfirmed
        case .orderShipped: .orderShipped
        case .orderDelivered: .orderDelivered
        case .orderCancelled: .orderCancelled
        }
    }

    /// The kinds of event, named as the `events.event_type` column stores them.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case orderPlaced = "OrderPlaced"
        case itemAdded = "ItemAdded"
        case itemRemoved = "ItemRemoved"
        case orderConfirmed = "OrderConfirmed"
        case orderShipped = "OrderShipped"
        case orderDelivered = "OrderDelivered"
        case orderCancelled = "OrderCancelled"
    }
}

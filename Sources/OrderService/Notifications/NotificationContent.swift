import OrderDomain

/// What a notification tells a customer, as typed values: which event it answers and the facts it needs,
/// never a rendered text. Rendering (`NotificationText`) and sending (`MailSending`) come after, so the
/// facts can be checked, stored and rendered again alike.
public enum NotificationContent: Sendable, Hashable {
    /// `CustomerRegistered`: a welcome under the name the customer gave.
    case welcome(name: PersonName)
    /// `OrderConfirmed`: the order's lines and total, in its currency.
    case orderConfirmation(orderID: OrderID, lines: [OrderLine], total: Money)
    /// `OrderShipped`, with the tracking number when there is one.
    case orderShipped(orderID: OrderID, trackingNumber: String?)
    /// `OrderCancelled`, with the reason when there is one.
    case orderCancelled(orderID: OrderID, reason: String?)

    /// The template this content is rendered with.
    public var template: NotificationTemplate {
        switch self {
        case .welcome: .welcome
        case .orderConfirmation: .orderConfirmation
        case .orderShipped: .orderShipped
        case .orderCancelled: .orderCancelled
        }
    }

    /// The notification an event of an order gives, from the order as it stood right after the event;
    /// nil for the events that give none (§9: only confirmation, shipping and cancellation notify).
    public static func of(_ event: OrderEvent, orderID: OrderID, order: Order) -> NotificationContent? {
        switch event {
        case .orderConfirmed: .orderConfirmation(orderID: orderID, lines: order.lines, total: order.total)
        case let .orderShipped(trackingNumber): .orderShipped(orderID: orderID, trackingNumber: trackingNumber)
        case let .orderCancelled(reason): .orderCancelled(orderID: orderID, reason: reason)
        case .orderPlaced, .itemAdded, .itemRemoved, .orderDelivered: nil
        }
    }
}

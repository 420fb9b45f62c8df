import OrderDomain

/// The kinds of notification, named as `notify list` shows them (`template`).
public enum NotificationTemplate: String, Sendable, Hashable, CaseIterable {
    case welcome
    case orderConfirmation = "order_confirmation"
    case orderShipped = "order_shipped"
    case orderCancelled = "order_cancelled"

    /// The notification an event of this type gives (§9's table), nil for the types that give none: the
    /// preparer reads only these events' streams further.
    public init?(eventType: String) {
        switch eventType {
        case CustomerEvent.Kind.customerRegistered.rawValue: self = .welcome
        case OrderEvent.Kind.orderConfirmed.rawValue: self = .orderConfirmation
        case OrderEvent.Kind.orderShipped.rawValue: self = .orderShipped
        case OrderEvent.Kind.orderCancelled.rawValue: self = .orderCancelled
        default: return nil
        }
    }
}

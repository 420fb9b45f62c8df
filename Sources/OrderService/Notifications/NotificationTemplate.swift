/// The kinds of notification, named as `notify list` shows them (`template`).
public enum NotificationTemplate: String, Sendable, Hashable, CaseIterable {
    case welcome
    case orderConfirmation = "order_confirmation"
    case orderShipped = "order_shipped"
    case orderCancelled = "order_cancelled"
}

import OrderDomain

/// The event a notification answers, where it stands in the log and in its stream, and whose personal
/// data the notification will carry.
public struct NotificationOrigin: Sendable, Hashable {
    /// The event's id.
    public let eventID: EventID
    /// The event's global position.
    public let position: Int64
    /// The event's stream: an order, or a customer for a welcome.
    public let streamID: StreamID
    /// The event's version in its stream: a stream's notifications are sent in this order.
    public let streamVersion: Int
    /// The customer the notification is about: the one registered, or the order's (perhaps a guest).
    public let customerID: CustomerID

    /// Creates an origin.
    public init(eventID: EventID, position: Int64, streamID: StreamID, streamVersion: Int, customerID: CustomerID) {
        self.eventID = eventID
        self.position = position
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.customerID = customerID
    }
}

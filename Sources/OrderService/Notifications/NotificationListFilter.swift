import OrderDomain

/// Which notifications `notify list` shows, in log order.
public struct NotificationListFilter: Sendable, Hashable {
    /// Only those in this state.
    public var state: NotificationState?
    /// Only those of this order.
    public var orderID: OrderID?
    /// Only those about this customer (their welcome and their orders').
    public var customerID: CustomerID?
    /// At most this many.
    public var limit: Int?

    /// A filter; nil takes all.
    public init(state: NotificationState? = nil, orderID: OrderID? = nil, customerID: CustomerID? = nil, limit: Int? = nil) {
        self.state = state
        self.orderID = orderID
        self.customerID = customerID
        self.limit = limit
    }
}

import OrderDomain

/// One order in a list (a customer's orders, the orders in a status): no lines, just the figures.
public struct OrderSummary: Hashable, Sendable {
    /// The order.
    public let orderID: OrderID
    /// Who placed it.
    public let customerID: CustomerID
    /// Where it stands.
    public let status: OrderStatus
    /// The sum of its lines.
    public let total: Money
    /// How many units it holds, over all lines.
    public let itemCount: Int
    /// The stream version it reflects.
    public let version: Int
    /// When it was placed.
    public let placedAt: Timestamp
    /// When its last event happened.
    public let updatedAt: Timestamp

    /// Creates a summary from its parts (used when loading a stored row).
    public init(
        orderID: OrderID, customerID: CustomerID, status: OrderStatus, total: Money, itemCount: Int,
        version: Int, placedAt: Timestamp, updatedAt: Timestamp
    ) {
        self.orderID = orderID
        self.customerID = customerID
        self.status = status
        self.total = total
        self.itemCount = itemCount
        self.version = version
        self.placedAt = placedAt
        self.updatedAt = updatedAt
    }

    /// The summary of an order's view: the row both list projections keep for it.
    public init(_ view: OrderView) {
        self.init(
            orderID: view.orderID, customerID: view.order.customer, status: view.order.status, total: view.order.total,
            itemCount: view.itemCount, version: view.version, placedAt: view.placedAt, updatedAt: view.updatedAt
        )
    }
}

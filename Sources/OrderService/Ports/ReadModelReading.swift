import OrderDomain
import OrderProjections

/// The live read models, as `query` answers from them.
public protocol ReadModelReading {
    /// The order, if it exists.
    func order(_ orderID: OrderID) throws -> StoredOrderView?
    /// The customer's orders and totals, if the customer has any.
    func customer(_ customerID: CustomerID) throws -> CustomerView?
    /// The orders in one status.
    func orders(in status: OrderStatus) throws -> [OrderSummary]
}

import OrderDomain
import OrderProjections
import OrderService
import PostgresClient

/// `query`'s port on the live read-model tables.
struct PostgresReadModels: ReadModelReading {
    let connection: DatabaseConnection

    func order(_ orderID: OrderID) throws -> StoredOrderView? {
        try translatingFailures { try ReadModelQueries(connection: connection).order(orderID) }
    }

    func customer(_ customerID: CustomerID) throws -> CustomerView? {
        try translatingFailures { try ReadModelQueries(connection: connection).customer(customerID) }
    }

    func orders(in status: OrderStatus) throws -> [OrderSummary] {
        try translatingFailures { try ReadModelQueries(connection: connection).orders(in: status) }
    }
}

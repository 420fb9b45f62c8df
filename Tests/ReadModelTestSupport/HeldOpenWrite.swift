import PostgresClient
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import PostgresStore

/// A transaction that has written an event and stays open: the late commit that gap-safe readers must
/// wait for. It writes the event row alone, as another tool or an import would, with no read-model rows,
/// so only a catch-up can project it.
public final class HeldOpenWrite {
    /// The placed order.
    public let orderID: OrderID
    /// The writing transaction's id.
    public let transactionID: UInt64
    private let connection: DatabaseConnection

    /// Begins a transaction on `connection` and writes an `OrderPlaced` event for a new order in it.
    public init(on connection: DatabaseConnection, customer: CustomerID) throws {
        self.connection = connection
        try connection.execute("BEGIN", context: "holding a write open")
        orderID = try RawEventWriter.placeOrder(customer: customer, on: connection)
        let result = try connection.execute("SELECT pg_current_xact_id()::text", context: "holding a write open")
        transactionID = result.string(row: 0, column: 0).flatMap { UInt64($0) } ?? 0
    }

    /// Commits the held transaction: its event becomes visible, with a lower position than later ones.
    public func commit() throws {
        try connection.execute("COMMIT", context: "committing the held write")
    }
}

import PostgresClient
import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresStore

/// Builders shared by the store tests.
enum StoreFixtures {
    static let customer = CustomerID(UUID())

    static func handler(on connection: DatabaseConnection, maximumAttempts: Int = CommandHandler.defaultMaximumAttempts) -> CommandHandler {
        CommandHandler(
            store: PostgresOrderEventStore(connection: connection),
            clock: { Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000)) },
            makeEventID: { EventID(UUID()) },
            maximumAttempts: maximumAttempts
        )
    }

    static func envelope(_ command: OrderCommand, for order: OrderID, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil) -> CommandEnvelope {
        CommandEnvelope(commandID: id, orderID: order, command: command, expectedVersion: expectedVersion, metadata: ["user": "tester"])
    }

    static func place(_ order: OrderID, currency: Currency = .eur) -> CommandEnvelope {
        envelope(.placeOrder(customer: customer, currency: currency), for: order)
    }

    static func add(_ product: ProductID = ProductID(UUID()), quantity: Int = 1, price: String = "9.99", to order: OrderID) -> CommandEnvelope {
        guard case let .success(amount) = DecimalAmount.parse(price) else { fatalError("bad price \(price)") }
        return envelope(.addItem(product: product, quantity: quantity, unitPrice: amount, currency: nil), for: order)
    }

    /// Counts rows of a table for one stream or order.
    static func count(_ table: String, where column: String, is value: OrderID, on connection: DatabaseConnection) throws -> Int {
        let result = try connection.execute("SELECT count(*) FROM \(table) WHERE \(column) = $1", [value.description], context: "counting")
        return Int(result.integer(row: 0, column: 0) ?? -1)
    }
}

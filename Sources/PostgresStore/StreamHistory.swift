import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService

/// Reads streams as stored, for replays and questions about the past.
public struct StreamHistory {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    public init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// One stream's stored events in version order (empty for an unknown order).
    public func lines(of orderID: OrderID) throws -> [FeedLine] {
        let context = "reading the history of \(orderID)"
        let result = try connection.execute(
            "SELECT \(StoredEventRow.columns(of: "e")) FROM events e WHERE e.stream_id = $1 ORDER BY e.version", [orderID.description], context: context
        )
        return try (0..<result.rowCount).map { row in try StoredEventRow.feedLine(QueryRow(result: result, row: row), context: context) }
    }

    /// A customer's orders as they stood at `asOf`, from the log: every order the customer had placed by then.
    public func customer(_ customerID: CustomerID, asOf: Timestamp) throws -> CustomerView? {
        let placed = try connection.execute(
            """
            SELECT stream_id FROM events
            WHERE event_type = 'OrderPlaced' AND payload ->> 'customerId' = $1 AND occurred_at <= $2::timestamptz
            ORDER BY occurred_at, stream_id
            """,
            [customerID.description, asOf.description], context: "finding the orders of customer \(customerID) as of \(asOf)"
        )
        var orders: [OrderSummary] = []
        for row in 0..<placed.rowCount {
            guard let orderID = placed.string(row: row, column: 0).flatMap(OrderID.init) else { continue }
            if let view = try OrderReplay.view(of: try lines(of: orderID), asOf: asOf) { orders.append(OrderSummary(view)) }
        }
        return orders.isEmpty ? nil : CustomerView(customerID: customerID, orders: orders)
    }
}

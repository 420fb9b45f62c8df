import OrderService
import PostgresClient
import JSONCoding
import OrderDomain
import OrderProjections

/// Answers `query` from the live read-model tables.
package struct ReadModelQueries {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// One order, or nil when it does not exist.
    package func order(_ orderID: OrderID) throws -> StoredOrderView? {
        let context = "reading order \(orderID)"
        return try readingLiveTable(of: .orders) { table -> StoredOrderView? in
            let itemCount = table.version >= 2 ? "item_count" : "NULL"
            let result = try connection.execute(
                """
                SELECT customer_id, status, currency, lines::text, version, \(Self.microseconds("placed_at")), \(Self.microseconds("updated_at")), \(itemCount)
                FROM \(table.quotedName) WHERE order_id = $1
                """,
                [orderID.description], context: context
            )
            guard result.rowCount == 1 else { return nil }
            return try Self.storedOrder(orderID, result: result, context: context)
        }
    }

    /// A customer's contact details and orders, oldest first; nil when the customer has neither.
    package func customer(_ customerID: CustomerID) throws -> CustomerView? {
        let context = "reading customer \(customerID)"
        let found: [OrderSummary] = try readingLiveTable(of: .customers) { table in
            try summaries(in: table, where: "customer_id = $1", orderedBy: "placed_at, order_id", [customerID.description], context: context)
        }
        let contact = try ContactsTable.view(of: customerID, on: connection, context: context)
        return found.isEmpty && contact == nil ? nil : CustomerView(customerID: customerID, contact: contact, orders: found)
    }

    /// The orders in a status, longest unchanged first.
    package func orders(in status: OrderStatus) throws -> [OrderSummary] {
        try readingLiveTable(of: .statuses) { table -> [OrderSummary] in
            try summaries(in: table, where: "status = $1", orderedBy: "updated_at, order_id", [status.rawValue], context: "reading the \(status.rawValue) orders")
        }
    }

    /// Runs a read against the live table. A rebuild may retire and drop the table between reading the
    /// registry and reading the table; then the registry is read again once.
    private func readingLiveTable<Result>(of readModel: ReadModel, _ read: (ProjectionTable) throws -> Result) throws -> Result {
        do {
            return try read(try ProjectionRegistry.liveTable(of: readModel, on: connection))
        } catch let error as PostgresError where error.sqlState == .undefinedTable {
            return try read(try ProjectionRegistry.liveTable(of: readModel, on: connection))
        }
    }

    private func summaries(in table: ProjectionTable, where condition: String, orderedBy order: String, _ parameters: [String?], context: String) throws -> [OrderSummary] {
        let result = try connection.execute(
            """
            SELECT order_id, customer_id, status, currency, total_minor_units, item_count, version,
                   \(Self.microseconds("placed_at")), \(Self.microseconds("updated_at"))
            FROM \(table.quotedName) WHERE \(condition) ORDER BY \(order)
            """,
            parameters, context: context
        )
        return try (0..<result.rowCount).map { row in
            guard let orderID = result.string(row: row, column: 0).flatMap(OrderID.init),
                  let customerID = result.string(row: row, column: 1).flatMap(CustomerID.init),
                  let status = result.string(row: row, column: 2).flatMap(OrderStatus.init(rawValue:)),
                  let currency = result.string(row: row, column: 3).flatMap(Currency.init(code:)),
                  let total = result.integer(row: row, column: 4),
                  let itemCount = result.integer(row: row, column: 5),
                  let version = result.integer(row: row, column: 6),
                  let placedAt = result.integer(row: row, column: 7),
                  let updatedAt = result.integer(row: row, column: 8)
            else { throw UnreadableRow(row: "a \(table.name) row", problem: "NULL or malformed columns", context: context) }
            return OrderSummary(
                orderID: orderID, customerID: customerID, status: status, total: Money(minorUnits: total, currency: currency),
                itemCount: Int(itemCount), version: Int(version),
                placedAt: Timestamp(microsecondsSinceEpoch: placedAt), updatedAt: Timestamp(microsecondsSinceEpoch: updatedAt)
            )
        }
    }

    private static func microseconds(_ column: String) -> String {
        "(extract(epoch FROM \(column)) * 1000000)::bigint"
    }

    private static func storedOrder(_ orderID: OrderID, result: QueryResult, context: String) throws -> StoredOrderView {
        guard let customer = result.string(row: 0, column: 0).flatMap(CustomerID.init),
              let status = result.string(row: 0, column: 1).flatMap(OrderStatus.init(rawValue:)),
              let currency = result.string(row: 0, column: 2).flatMap(Currency.init(code:)),
              let linesText = result.bytes(row: 0, column: 3),
              case let .array(lineValues) = try JSONParser.parse(linesText),
              let version = result.integer(row: 0, column: 4),
              let placedAt = result.integer(row: 0, column: 5),
              let updatedAt = result.integer(row: 0, column: 6)
        else { throw UnreadableRow(row: "the orders row", problem: "NULL or malformed columns", context: context) }
        let lines = try lineValues.map { value in
            guard let line = value.objectValue,
                  let product = line["productId"]?.stringValue.flatMap(ProductID.init),
                  let quantity = line["quantity"]?.exactInteger,
                  let minorUnits = line["unitPriceMinorUnits"]?.exactInteger
            else { throw UnreadableRow(row: "an orders line", problem: "NULL or malformed columns", context: context) }
            return OrderLine(product: product, quantity: Int(quantity), unitPrice: Money(minorUnits: minorUnits, currency: currency))
        }
        let view = OrderView(
            orderID: orderID,
            order: Order(customer: customer, currency: currency, status: status, lines: lines),
            version: Int(version),
            placedAt: Timestamp(microsecondsSinceEpoch: placedAt),
            updatedAt: Timestamp(microsecondsSinceEpoch: updatedAt)
        )
        return StoredOrderView(view: view, itemCount: result.integer(row: 0, column: 7).map(Int.init))
    }
}

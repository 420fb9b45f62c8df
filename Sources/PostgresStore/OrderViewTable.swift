import JSONCoding
import OrderDomain
import OrderProjections

/// Reads and writes the `order_views` read-model table.
enum OrderViewTable {
    /// Writes the view's row, inside the caller's transaction.
    static func upsert(_ view: OrderView, on connection: DatabaseConnection, context: String) throws {
        let lines = JSONValue.array(view.order.lines.map { line in
            .object([
                "productId": .string(line.product.description),
                "quantity": .integer(line.quantity),
                "unitPriceMinorUnits": .integer(line.unitPrice.minorUnits),
            ])
        })
        try connection.execute(
            """
            INSERT INTO order_views (order_id, customer_id, status, currency, lines, total_minor_units, version, placed_at, updated_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::timestamptz, $9::timestamptz)
            ON CONFLICT (order_id) DO UPDATE SET
                status = excluded.status, lines = excluded.lines, total_minor_units = excluded.total_minor_units,
                version = excluded.version, updated_at = excluded.updated_at
            """,
            [
                view.orderID.description, view.order.customer.description, view.order.status.rawValue, view.order.currency.code,
                lines.serialized(), String(view.order.total.minorUnits), String(view.version),
                view.placedAt.description, view.updatedAt.description,
            ],
            context: context
        )
    }

    /// The view's row, or nil when the order does not exist.
    static func find(_ orderID: OrderID, on connection: DatabaseConnection) throws -> OrderView? {
        let context = "reading order \(orderID)"
        let result = try connection.execute(
            """
            SELECT customer_id, status, currency, lines::text, version,
                   (extract(epoch FROM placed_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint
            FROM order_views WHERE order_id = $1
            """,
            [orderID.description],
            context: context
        )
        guard result.rowCount == 1 else { return nil }
        guard let customer = result.string(row: 0, column: 0).flatMap(CustomerID.init),
              let status = result.string(row: 0, column: 1).flatMap(OrderStatus.init(rawValue:)),
              let currency = result.string(row: 0, column: 2).flatMap(Currency.init(code:)),
              let linesText = result.bytes(row: 0, column: 3),
              case let .array(lineValues) = try JSONParser.parse(linesText),
              let version = result.integer(row: 0, column: 4),
              let placedAt = result.integer(row: 0, column: 5),
              let updatedAt = result.integer(row: 0, column: 6)
        else { throw PostgresError(kind: .statementFailed, message: "the order_views row is malformed", context: context) }
        let lines = try lineValues.map { value in
            guard let line = value.objectValue,
                  let product = line["productId"]?.stringValue.flatMap(ProductID.init),
                  let quantity = line["quantity"]?.exactInteger,
                  let minorUnits = line["unitPriceMinorUnits"]?.exactInteger
            else { throw PostgresError(kind: .statementFailed, message: "an order_views line is malformed", context: context) }
            return OrderLine(product: product, quantity: Int(quantity), unitPrice: Money(minorUnits: minorUnits, currency: currency))
        }
        return OrderView(
            orderID: orderID,
            order: Order(customer: customer, currency: currency, status: status, lines: lines),
            version: Int(version),
            placedAt: Timestamp(microsecondsSinceEpoch: placedAt),
            updatedAt: Timestamp(microsecondsSinceEpoch: updatedAt)
        )
    }
}

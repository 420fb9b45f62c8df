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
            """
            SELECT global_position, version, event_id, event_type, schema_version, payload::text, metadata::text,
                   (extract(epoch FROM occurred_at) * 1000000)::bigint, encode(hash, 'hex')
            FROM events WHERE stream_id = $1 ORDER BY version
            """,
            [orderID.description], context: context
        )
        return try (0..<result.rowCount).map { row in
            guard let position = result.integer(row: row, column: 0),
                  let version = result.integer(row: row, column: 1),
                  let eventID = result.string(row: row, column: 2).flatMap(EventID.init),
                  let type = result.string(row: row, column: 3),
                  let schemaVersion = result.integer(row: row, column: 4),
                  let payloadText = result.bytes(row: row, column: 5),
                  let metadataText = result.bytes(row: row, column: 6),
                  let microseconds = result.integer(row: row, column: 7),
                  let hash = result.string(row: row, column: 8).flatMap(SHA256Digest.init(hexadecimal:))
            else { throw PostgresError(kind: .statementFailed, message: "an events row has NULL or malformed columns", context: context) }
            guard case let .object(payload) = try JSONParser.parse(payloadText), case let .object(metadata) = try JSONParser.parse(metadataText) else {
                throw PostgresError(kind: .statementFailed, message: "event \(eventID) has a payload or metadata that is not an object", context: context)
            }
            let event = ChainedEvent(
                orderID: orderID, version: Int(version), eventID: eventID, type: type, schemaVersion: Int(schemaVersion),
                payload: payload, metadata: metadata, occurredAt: Timestamp(microsecondsSinceEpoch: microseconds)
            )
            return FeedLine(position: position, event: event, hash: hash)
        }
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

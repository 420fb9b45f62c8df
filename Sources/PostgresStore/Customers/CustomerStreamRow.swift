import OrderDomain
import PersonalDataProtection
import PostgresClient

/// A stream's row in `streams` with the customer's key beside it: what a customer command or a replay
/// reads before the events.
struct CustomerStreamRow {
    /// What the stream holds.
    let kind: StreamKind
    /// Its committed version.
    let version: Int
    /// Whether `forget_customer` marked it.
    let forgotten: Bool
    /// The customer's key; nil for an order's stream, a forgotten customer, or a log imported without keys.
    let key: CustomerKey?

    /// The row of `streamID`, nil when no stream has that id.
    static func read(_ customerID: CustomerID, on connection: DatabaseConnection, context: String) throws -> CustomerStreamRow? {
        let result = try connection.execute(
            """
            SELECT s.kind, s.version, s.forgotten, encode(k.key, 'hex')
            FROM streams s LEFT JOIN customer_keys k ON k.customer_id = s.stream_id WHERE s.stream_id = $1
            """,
            [customerID.description], context: context
        )
        guard result.rowCount == 1 else { return nil }
        let keyText = result.string(row: 0, column: 3)
        guard let kind = result.string(row: 0, column: 0).flatMap(StreamKind.init(rawValue:)),
              let version = result.integer(row: 0, column: 1),
              let forgotten = result.string(row: 0, column: 2),
              keyText == nil || keyText.flatMap(CustomerKey.init(hexadecimal:)) != nil
        else { throw UnreadableRow(row: "the streams row of \(customerID)", problem: "NULL or malformed columns", context: context) }
        return CustomerStreamRow(kind: kind, version: Int(version), forgotten: forgotten == "t", key: keyText.flatMap(CustomerKey.init(hexadecimal:)))
    }
}

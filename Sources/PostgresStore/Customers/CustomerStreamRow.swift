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
    /// Whether `forget_customer` (or an import without the customer's key) marked it.
    let forgotten: Bool
    /// The key as stored; nil for an order's stream, a forgotten customer, or a log imported without keys.
    private let storedKey: CustomerKey?

    /// The key that opens the customer's details: none once the stream is marked forgotten, even should
    /// a key row have survived the mark (the triggers refuse new ones; this refuses any other).
    var key: CustomerKey? { forgotten ? nil : storedKey }

    /// The row of `customerID`'s stream, nil when no stream has that id.
    static func read(_ customerID: CustomerID, on connection: DatabaseConnection, context: String) throws -> CustomerStreamRow? {
        try read([customerID], on: connection, context: context)[customerID]
    }

    /// The rows of these streams; an id no stream has is absent.
    static func read(_ customerIDs: [CustomerID], on connection: DatabaseConnection, context: String) throws -> [CustomerID: CustomerStreamRow] {
        let result = try connection.execute(
            """
            SELECT s.stream_id, s.kind, s.version, s.forgotten, encode(k.key, 'hex')
            FROM streams s LEFT JOIN customer_keys k ON k.customer_id = s.stream_id WHERE s.stream_id = ANY($1::uuid[])
            """,
            [PostgresArrayLiteral.literal(customerIDs.map(\.description))], context: context
        )
        var rows: [CustomerID: CustomerStreamRow] = [:]
        for row in 0..<result.rowCount {
            let keyText = result.string(row: row, column: 4)
            let key = keyText.flatMap(CustomerKey.init(hexadecimal:))
            guard let customerID = result.string(row: row, column: 0).flatMap(CustomerID.init),
                  let kind = result.string(row: row, column: 1).flatMap(StreamKind.init(rawValue:)),
                  let version = result.integer(row: row, column: 2),
                  let forgotten = result.string(row: row, column: 3),
                  keyText == nil || key != nil
            else { throw UnreadableRow(row: "a streams row", problem: "NULL or malformed columns", context: context) }
            rows[customerID] = CustomerStreamRow(kind: kind, version: Int(version), forgotten: forgotten == "t", storedKey: key)
        }
        return rows
    }
}

import OrderDomain
import PersonalDataProtection
import PostgresClient

/// The `customer_keys` table as `export --keys` and `import --keys` use it.
enum CustomerKeys {
    /// Hands over every key in customer id order; returns how many.
    static func forEach(on connection: DatabaseConnection, _ body: (CustomerID, CustomerKey) throws -> Void) throws -> Int {
        let context = "reading the customer keys"
        let result = try connection.execute("SELECT customer_id, encode(key, 'hex') FROM customer_keys ORDER BY customer_id", context: context)
        for row in 0..<result.rowCount {
            guard let customerID = result.string(row: row, column: 0).flatMap(CustomerID.init),
                  let key = result.string(row: row, column: 1).flatMap(CustomerKey.init(hexadecimal:))
            else { throw UnreadableRow(row: "a customer_keys row", problem: "NULL or malformed columns", context: context) }
            try body(customerID, key)
        }
        return result.rowCount
    }

    /// Stores imported keys inside the import's transaction, each only if its customer's stream was
    /// stored; returns how many were stored.
    static func insert(_ keys: [CustomerID: CustomerKey], on connection: DatabaseConnection, context: String) throws -> Int {
        guard !keys.isEmpty else { return 0 }
        let customers = keys.keys.sorted()
        return try connection.execute(
            """
            INSERT INTO customer_keys (customer_id, key)
            SELECT imported.customer_id, decode(imported.key, 'hex') FROM unnest($1::uuid[], $2::text[]) AS imported (customer_id, key)
            JOIN streams s ON s.stream_id = imported.customer_id AND s.kind = 'customer'
            """,
            [PostgresArrayLiteral.literal(customers.map(\.description)), PostgresArrayLiteral.literal(customers.map { keys[$0]?.hexadecimal })],
            context: context
        ).affectedRowCount
    }
}

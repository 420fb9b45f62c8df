import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient

/// A customer's stored events, read whole: customer streams are short (a registration and a few changes).
enum CustomerHistory {
    /// The stream's events in version order, as stored.
    static func lines(of customerID: CustomerID, on connection: DatabaseConnection, context: String) throws -> [FeedLine] {
        let result = try connection.query(
            "SELECT \(StoredEventRow.columns(of: "e")) FROM events e WHERE e.stream_id = $1 ORDER BY e.version",
            [customerID.description], context: context
        )
        return try (0..<result.rowCount).map { row throws in try StoredEventRow.feedLine(QueryRow(result: result, row: row), context: context) }
    }

    /// The head of the stream folded with `key`; an event the key cannot open is a row nobody can read.
    static func head(of customerID: CustomerID, key: CustomerKey?, on connection: DatabaseConnection, context: String) throws -> CustomerStreamHead {
        let lines = try lines(of: customerID, on: connection, context: context)
        do throws(EventDecodingError) {
            return try CustomerStreamHead(folding: lines, key: key)
        } catch {
            throw UnreadableRow(row: "an event of customer \(customerID)", problem: error.description, context: context)
        }
    }
}

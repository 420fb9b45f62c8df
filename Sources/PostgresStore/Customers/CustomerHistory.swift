import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient

/// A customer's stored events, read whole: customer streams are short (a registration and a few changes).
enum CustomerHistory {
    /// The stream's events in version order, as stored.
    static func lines(of customerID: CustomerID, on connection: DatabaseConnection, context: String) throws -> [FeedLine] {
        try lines(of: [customerID], on: connection, context: context)[customerID] ?? []
    }

    /// Several customers' events, each stream in version order; a stream without events is absent.
    static func lines(of customerIDs: [CustomerID], on connection: DatabaseConnection, context: String) throws -> [CustomerID: [FeedLine]] {
        guard !customerIDs.isEmpty else { return [:] }
        let result = try connection.query(
            "SELECT \(StoredEventRow.columns(of: "e")) FROM events e WHERE e.stream_id = ANY($1::uuid[]) ORDER BY e.stream_id, e.version",
            [PostgresArrayLiteral.literal(customerIDs.map(\.description))], context: context
        )
        var streams: [CustomerID: [FeedLine]] = [:]
        for row in 0..<result.rowCount {
            let line = try StoredEventRow.feedLine(QueryRow(result: result, row: row), context: context)
            streams[CustomerID(line.event.orderID.uuid), default: []].append(line)
        }
        return streams
    }

    /// The head of a customer's stored events opened with `key`; an event the key cannot open is a row
    /// nobody can read.
    static func head(
        folding lines: some Sequence<FeedLine>, key: CustomerKey?, of customerID: CustomerID, context: String
    ) throws -> CustomerStreamHead {
        do throws(EventDecodingError) {
            return try CustomerStreamHead(folding: lines, key: key)
        } catch {
            throw UnreadableRow(row: "an event of customer \(customerID)", problem: error.description, context: context)
        }
    }
}

import PostgresClient
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore

/// Compares every live read model with a fresh fold of the event log, read back through `query`'s code.
public enum ReadModelExpectations {
    /// Every difference found, as readable lines; empty when the read models equal the fold.
    public static func differences(on connection: DatabaseConnection) throws -> [String] {
        let store = PostgresOrderEventStore(connection: connection)
        let queries = ReadModelQueries(connection: connection)
        let streams = try connection.execute("SELECT stream_id FROM streams ORDER BY stream_id", context: "listing streams")
        var views: [OrderView] = []
        var differences: [String] = []
        for row in 0..<streams.rowCount {
            guard let orderID = streams.string(row: row, column: 0).flatMap(OrderID.init) else { continue }
            let folded = StreamHead(folding: try store.events(in: orderID)).view
            let stored = try queries.order(orderID)
            if stored?.view != folded { differences.append("order \(orderID): stored \(String(describing: stored?.view)), folded \(String(describing: folded))") }
            if let stored, let itemCount = stored.itemCount, itemCount != folded?.itemCount {
                differences.append("order \(orderID): stored item count \(itemCount), folded \(String(describing: folded?.itemCount))")
            }
            if let folded { views.append(folded) }
        }
        let summaries = views.map(OrderSummary.init)
        for customer in Set(summaries.map(\.customerID)) {
            let expected = summaries.filter { $0.customerID == customer }.sorted { ($0.placedAt, $0.orderID) < ($1.placedAt, $1.orderID) }
            let stored = try queries.customer(customer)
            if stored?.orders != expected { differences.append("customer \(customer): stored \(stored?.orders.count ?? 0) orders, folded \(expected.count), or they differ") }
        }
        for status in OrderStatus.allCases {
            let expected = summaries.filter { $0.status == status }.sorted { ($0.updatedAt, $0.orderID) < ($1.updatedAt, $1.orderID) }
            let stored = try queries.orders(in: status)
            if stored != expected { differences.append("status \(status.rawValue): stored \(stored.count) orders, folded \(expected.count), or they differ") }
        }
        return differences
    }
}

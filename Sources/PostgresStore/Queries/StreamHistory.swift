import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService

/// Reads streams as stored, for replays and questions about the past.
package struct StreamHistory {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Hands one stream's stored events to `body` in version order as they arrive (none for an unknown
    /// order). Streamed with a `COPY`, so that a long replay renders while PostgreSQL still sends; `body`
    /// must not use the connection.
    package func forEachLine(of orderID: OrderID, _ body: (FeedLine) throws -> Void) throws {
        try forEachRow(of: orderID) { row, context in try body(try StoredEventRow.feedLine(row, context: context)) }
    }

    /// `forEachLine` with each line handed over as its text and the fields a fold reads: the text is
    /// written from the row's fields where the row allows (`StoredRowText`), and the payload is handed
    /// over as its stored text, for the fold.
    package func forEachWrittenLine(of orderID: OrderID, _ body: (WrittenFeedLine) throws -> Void) throws {
        var writer = JSONTextWriter()
        writer.reserveCapacity(4096)
        try forEachRow(of: orderID) { row, context in
            writer.removeAll()
            try StoredRowText.writeFeedLineMembers(of: row, into: &writer, context: context)
            try writer.withOutput { members in try body(try StoredEventRow.writtenLine(row, members: members, context: context)) }
        }
    }

    /// The stream's rows in version order, selected with `StoredEventRow.columns`, each with the context
    /// its errors name.
    ///
    /// The one `COPY` reads one snapshot by itself, so it runs outside a transaction, its setting made for
    /// the session (every reader makes it anew before its `COPY`): a `BEGIN` and a `COMMIT` were two more
    /// round trips for every replay.
    private func forEachRow(of orderID: OrderID, _ body: (BinaryCopyRow, String) throws -> Void) throws {
        let context = "reading the history of \(orderID)"
        try connection.copyOut(
            """
            COPY (
                SELECT \(StoredEventRow.columns(of: "e")) FROM events e
                WHERE e.stream_id = current_setting('orderctl.replayed_stream')::uuid ORDER BY e.version
            ) TO STDOUT (FORMAT binary)
            """,
            settings: ["orderctl.replayed_stream": orderID.description], lasting: .session,
            context: context
        ) { row in try body(row, context) }
    }

    /// A customer's contact and orders as they stood at `asOf`, from the log: every order the customer had placed by
    /// then, folded up to that moment. One query brings every such stream, in placement order.
    package func customer(_ customerID: CustomerID, asOf: Timestamp) throws -> CustomerView? {
        let context = "reading the orders of customer \(customerID) as of \(asOf)"
        let result = try connection.query(
            """
            WITH placed AS (
                SELECT stream_id, occurred_at AS placed_at FROM events
                WHERE event_type = 'OrderPlaced' AND payload ->> 'customerId' = $1 AND occurred_at <= $2::timestamptz
            )
            SELECT \(StoredEventRow.columns(of: "e")) FROM events e JOIN placed ON placed.stream_id = e.stream_id
            WHERE e.occurred_at <= $2::timestamptz
            ORDER BY placed.placed_at, e.stream_id, e.version
            """,
            [customerID.description, asOf.description], context: context
        )
        var orders: [OrderSummary] = []
        var stream: [FeedLine] = []
        func finish() throws {
            if let view = try OrderReplay.view(of: stream, asOf: asOf) { orders.append(OrderSummary(view)) }
            stream = []
        }
        for row in 0..<result.rowCount {
            let line = try StoredEventRow.feedLine(QueryRow(result: result, row: row), context: context)
            if let last = stream.last, last.event.orderID != line.event.orderID { try finish() }
            stream.append(line)
        }
        try finish()
        let contact = try contact(of: customerID, asOf: asOf, context: context)
        return orders.isEmpty && contact == nil ? nil : CustomerView(customerID: customerID, contact: contact, orders: orders)
    }

    /// The customer's contact as it stood at `asOf`, opened with the key that exists now: a customer
    /// forgotten since then shows as forgotten, whatever the moment asked about.
    private func contact(of customerID: CustomerID, asOf: Timestamp, context: String) throws -> ContactView? {
        guard let stream = try CustomerStreamRow.read(customerID, on: connection, context: context), stream.kind == .customer else { return nil }
        let lines = try CustomerHistory.lines(of: customerID, on: connection, context: context).prefix { $0.event.occurredAt <= asOf }
        return try CustomerHistory.head(folding: lines, key: stream.key, of: customerID, context: context).view
    }
}

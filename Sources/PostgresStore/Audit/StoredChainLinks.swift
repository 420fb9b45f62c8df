import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// Reads stored events as hash-chain links, in (stream, version) order, streamed out of one `COPY`.
///
/// One COPY rather than pages of queries: the server sends rows while the audit hashes the ones
/// before, and paging left one side idle while the other worked (half of `audit verify`'s time).
enum StoredChainLinks {
    /// Calls `body` with each stream's links in turn and its `streams` row's version, holding one stream in
    /// memory at a time. Must run inside a transaction (the stream filter is a transaction-local setting);
    /// `body` must not use the connection, which is busy with the COPY until the last stream.
    static func forEachStream(
        onlyStream: OrderID? = nil, on connection: DatabaseConnection, context: String, _ body: (OrderID, [ChainLink], Int?) throws -> Void
    ) throws {
        // COPY takes no parameters: the stream travels as a setting made with one.
        try connection.execute("SELECT set_config('orderctl.audited_stream', $1, true)", [onlyStream?.description ?? ""], context: context)
        let filter = onlyStream == nil ? "" : "WHERE e.stream_id = current_setting('orderctl.audited_stream')::uuid"
        var current: (orderID: OrderID, links: [ChainLink], recordedVersion: Int?)?
        try connection.copyOut(
            """
            COPY (
                SELECT \(StoredEventRow.columns(of: "e")), s.version
                FROM events e LEFT JOIN streams s ON s.stream_id = e.stream_id
                \(filter)
                ORDER BY e.stream_id, e.version
            ) TO STDOUT (FORMAT binary)
            """,
            context: context
        ) { row in
            let (_, event, hash) = try StoredEventRow.decode(row, context: context)
            if let open = current, open.orderID != event.orderID {
                try body(open.orderID, open.links, open.recordedVersion)
                current = nil
            }
            if current == nil { current = (event.orderID, [], row.integer(StoredEventRow.columnCount).map(Int.init)) }
            current?.links.append(ChainLink(event: event, storedHash: hash))
        }
        if let open = current { try body(open.orderID, open.links, open.recordedVersion) }
    }

    /// One stream's links, in version order.
    static func links(of orderID: OrderID, on connection: DatabaseConnection, context: String) throws -> [ChainLink] {
        var links: [ChainLink] = []
        try forEachStream(onlyStream: orderID, on: connection, context: context) { _, streamLinks, _ in links = streamLinks }
        return links
    }
}

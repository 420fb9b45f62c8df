import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// Reads stored events as hash-chain links, in (stream, version) order, a page at a time.
enum StoredChainLinks {
    /// One page: up to `limit` events after `after` (stream, version), each with its stream's recorded version.
    static func page(
        after: (stream: String, version: Int)?, onlyStream: OrderID?, limit: Int, on connection: DatabaseConnection, context: String
    ) throws -> [(link: ChainLink, recordedVersion: Int?)] {
        let result = try connection.execute(
            """
            SELECT \(StoredEventRow.columns(of: "e")), s.version
            FROM events e LEFT JOIN streams s ON s.stream_id = e.stream_id
            WHERE ($1::uuid IS NULL OR (e.stream_id, e.version) > ($1::uuid, $2::integer))
              AND ($3::uuid IS NULL OR e.stream_id = $3::uuid)
            ORDER BY e.stream_id, e.version
            LIMIT \(limit)
            """,
            [after?.stream, after.map { String($0.version) }, onlyStream?.description],
            context: context
        )
        return try (0..<result.rowCount).map { row in
            let (_, event, hash) = try StoredEventRow.decode(QueryRow(result: result, row: row), context: context)
            return (ChainLink(event: event, storedHash: hash), result.integer(row: row, column: StoredEventRow.columnCount).map(Int.init))
        }
    }

    /// Calls `body` with each stream's links in turn, holding one stream and one page in memory at a time.
    static func forEachStream(
        onlyStream: OrderID? = nil, pageSize: Int = 5_000, on connection: DatabaseConnection, context: String,
        _ body: (OrderID, [ChainLink], Int?) throws -> Void
    ) throws {
        var after: (stream: String, version: Int)?
        var current: (orderID: OrderID, links: [ChainLink], recordedVersion: Int?)?
        while true {
            let rows = try page(after: after, onlyStream: onlyStream, limit: pageSize, on: connection, context: context)
            for (link, recordedVersion) in rows {
                if let open = current, open.orderID != link.event.orderID {
                    try body(open.orderID, open.links, open.recordedVersion)
                    current = nil
                }
                if current == nil { current = (link.event.orderID, [], nil) }
                current?.links.append(link)
                current?.recordedVersion = recordedVersion
            }
            guard let last = rows.last else { break }
            after = (last.link.event.orderID.description, last.link.event.version)
            if rows.count < pageSize { break }
        }
        if let open = current { try body(open.orderID, open.links, open.recordedVersion) }
    }
}

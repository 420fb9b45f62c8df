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
            SELECT e.stream_id, e.version, e.event_id, e.event_type, e.schema_version, e.payload::text, e.metadata::text,
                   (extract(epoch FROM e.occurred_at) * 1000000)::bigint, encode(e.hash, 'hex'), s.version
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
            guard let orderID = result.string(row: row, column: 0).flatMap(OrderID.init),
                  let version = result.integer(row: row, column: 1),
                  let eventID = result.string(row: row, column: 2).flatMap(EventID.init),
                  let type = result.string(row: row, column: 3),
                  let schemaVersion = result.integer(row: row, column: 4),
                  let payloadText = result.bytes(row: row, column: 5),
                  let metadataText = result.bytes(row: row, column: 6),
                  let microseconds = result.integer(row: row, column: 7)
            else { throw PostgresError(kind: .statementFailed, message: "an events row has NULL or malformed columns", context: context) }
            guard case let .object(payload) = try JSONParser.parse(payloadText), case let .object(metadata) = try JSONParser.parse(metadataText) else {
                throw PostgresError(kind: .statementFailed, message: "event \(eventID) has a payload or metadata that is not an object", context: context)
            }
            let event = ChainedEvent(
                orderID: orderID, version: Int(version), eventID: eventID, type: type, schemaVersion: Int(schemaVersion),
                payload: payload, metadata: metadata, occurredAt: Timestamp(microsecondsSinceEpoch: microseconds)
            )
            let storedHash = result.string(row: row, column: 8).flatMap(SHA256Digest.init(hexadecimal:))
            return (ChainLink(event: event, storedHash: storedHash), result.integer(row: row, column: 9).map(Int.init))
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

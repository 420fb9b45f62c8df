import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// The columns of an `events` row as every reader selects them, and their decoding: one place that
/// knows how a stored event comes back from PostgreSQL. Rows come in binary format (`StoredColumns`),
/// from queries run with `DatabaseConnection.query` and from `COPY ... (FORMAT binary)`.
enum StoredEventRow {
    /// How many columns `columns(of:)` selects; a query may add its own after them.
    static let columnCount = 10

    /// Position, stream, version, event id, type, schema version, payload, metadata, time and hash, from
    /// the events table under `alias`.
    static func columns(of alias: String) -> String {
        ["global_position", "stream_id", "version", "event_id", "event_type", "schema_version", "payload::text", "metadata::text", "occurred_at", "hash"]
            .map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// What a fold needs and no more (stream, version, type, schema version, payload, time): a rebuild
    /// reads the whole log, and the metadata, ids and hashes it does not use were a third of the work
    /// on both sides.
    static func foldedColumns(of alias: String) -> String {
        ["stream_id", "version", "event_type", "schema_version", "payload::text", "occurred_at"].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// One row selected with `foldedColumns`, its payload still the stored text.
    static func foldedFields(
        _ row: some StoredColumns, context: String
    ) throws -> (orderID: OrderID, version: Int, type: String, schemaVersion: Int, payload: UnsafeBufferPointer<UInt8>, occurredAt: Timestamp) {
        guard let orderID: OrderID = row.identifier(0), let version = row.integer(1), let type = row.string(2),
              let schemaVersion = row.integer(3), let payload = row.bytes(4), let occurredAt = row.timestamp(5)
        else { throw UnreadableRow(position: nil, problem: "NULL or malformed columns", context: context) }
        return (orderID, Int(version), type, Int(schemaVersion), payload, occurredAt)
    }

    /// The payload of a row selected with `foldedColumns`, parsed: for what cannot be read in place.
    static func foldedEncodedEvent(
        _ row: some StoredColumns, orderID: OrderID, version: Int, type: String, schemaVersion: Int, context: String
    ) throws -> EncodedEvent {
        guard case let .object(payload)? = try? row.json(4) else {
            throw UnreadableRow(row: "the event of stream \(orderID) at version \(version)", problem: "its payload is not a JSON object", context: context)
        }
        return EncodedEvent(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    /// The fields a fold reads from a row selected with `columns`, beside its line's text `members`
    /// (`replay`): the payload stays the stored text, for the decoder to read in place.
    static func writtenLine(_ row: some StoredColumns, members: UnsafeBufferPointer<UInt8>, context: String) throws -> WrittenFeedLine {
        guard let orderID: OrderID = row.identifier(1), let version = row.integer(2), let type = row.string(4), let schemaVersion = row.integer(5),
              let payload = row.bytes(6), let occurredAt = row.timestamp(8)
        else { throw UnreadableRow(position: row.integer(0), problem: "NULL or malformed columns", context: context) }
        return WrittenFeedLine(
            members: members, orderID: orderID, version: Int(version), occurredAt: occurredAt, type: type, schemaVersion: Int(schemaVersion), payload: payload
        )
    }

    /// One row: its position, its chained fields and its stored hash (nil when it was never sealed).
    static func decode(_ row: some StoredColumns, context: String) throws -> (position: Int64, event: ChainedEvent, hash: SHA256Digest?) {
        let position = row.integer(0)
        guard let position,
              let orderID: OrderID = row.identifier(1),
              let version = row.integer(2),
              let eventID: EventID = row.identifier(3),
              let type = row.string(4),
              let schemaVersion = row.integer(5),
              let occurredAt = row.timestamp(8)
        else { throw UnreadableRow(position: position, problem: "NULL or malformed columns", context: context) }
        guard case let .object(payload)? = try? row.json(6), case let .object(metadata)? = try? row.json(7) else {
            throw UnreadableRow(position: position, problem: "event \(eventID)'s payload or metadata is not a JSON object", context: context)
        }
        let event = ChainedEvent(
            orderID: orderID, version: Int(version), eventID: eventID, type: type, schemaVersion: Int(schemaVersion),
            payload: payload, metadata: metadata, occurredAt: occurredAt
        )
        return (position, event, row.digest(9))
    }

    /// One row as a feed line; an unsealed row is an error here, since a feed line carries its link.
    static func feedLine(_ row: some StoredColumns, context: String) throws -> FeedLine {
        let (position, event, hash) = try decode(row, context: context)
        guard let hash else {
            throw UnreadableRow(position: position, problem: "event \(event.eventID) has no hash; run `orderctl migrate` to seal it", context: context)
        }
        return FeedLine(position: position, event: event, hash: hash)
    }

    /// Appends one sealed event; returns its global position. The one single-row insert of orders and
    /// customers alike (a batch of orders writes its rows with one `unnest` instead).
    static func insert(_ event: ChainedEvent, hash: SHA256Digest, on connection: DatabaseConnection, context: String) throws -> Int64 {
        let result = try connection.execute(
            """
            INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz, decode($9, 'hex'))
            RETURNING global_position
            """,
            [
                event.orderID.description, String(event.version), event.eventID.description, event.type, String(event.schemaVersion),
                JSONValue.object(event.payload).serialized(), JSONValue.object(event.metadata).serialized(), event.occurredAt.description,
                hash.hexadecimal,
            ],
            context: context
        )
        guard let position = result.integer(row: 0, column: 0) else {
            throw PostgresError(kind: .statementFailed, message: "the insert returned no global position", context: context)
        }
        return position
    }
}

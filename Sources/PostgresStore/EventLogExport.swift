import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// `export`: the log as feed lines in gap-safe commit order, streamed out of one `COPY` in one snapshot.
public struct EventLogExport {
    /// Which events to export; the defaults take all of them.
    public struct Filter: Sendable, Equatable {
        /// Only events at or after this global position.
        public var fromPosition: Int64?
        /// Only events of this type.
        public var type: OrderEvent.Kind?
        /// Only events that occurred at or after this moment.
        public var since: Timestamp?

        /// Creates a filter.
        public init(fromPosition: Int64? = nil, type: OrderEvent.Kind? = nil, since: Timestamp? = nil) {
            self.fromPosition = fromPosition
            self.type = type
            self.since = since
        }
    }

    private let connection: DatabaseConnection

    /// Uses an open connection.
    public init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Hands each exported line to `line`; returns how many there were.
    ///
    /// Commit order is `(transaction_id, global_position)`, the order catch-up reads in: positions are
    /// drawn before commit, so position order alone can put an event before one committed earlier.
    @discardableResult
    public func export(_ filter: Filter = Filter(), line: (FeedLine) throws -> Void) throws -> Int {
        let context = "exporting the event log"
        return try connection.transaction(context: context) {
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", context: context)
            // COPY takes no parameters; the filter travels as transaction-local settings set with parameters.
            try connection.execute(
                """
                SELECT set_config('orderctl.export_from', $1, true), set_config('orderctl.export_type', $2, true),
                       set_config('orderctl.export_since', $3, true)
                """,
                [String(filter.fromPosition ?? 1), filter.type?.rawValue ?? "", filter.since?.description ?? "-infinity"],
                context: context
            )
            var count = 0
            try connection.copyOut(
                """
                COPY (
                    SELECT global_position, stream_id, version, event_id, event_type, schema_version, payload::text, metadata::text,
                           (extract(epoch FROM occurred_at) * 1000000)::bigint, encode(hash, 'hex')
                    FROM events
                    WHERE global_position >= current_setting('orderctl.export_from')::bigint
                      AND (current_setting('orderctl.export_type') = '' OR event_type = current_setting('orderctl.export_type'))
                      AND occurred_at >= current_setting('orderctl.export_since')::timestamptz
                    ORDER BY events.transaction_id, events.global_position
                ) TO STDOUT
                """,
                context: context
            ) { row in
                try line(try Self.feedLine(CopyTextFormat.fields(of: row), context: context))
                count += 1
            }
            return count
        }
    }

    /// Decodes one copied row.
    private static func feedLine(_ fields: [[UInt8]?], context: String) throws -> FeedLine {
        func text(_ index: Int) -> String? { index < fields.count ? fields[index].map { String(decoding: $0, as: UTF8.self) } : nil }
        guard fields.count == 10,
              let position = text(0).flatMap({ Int64($0) }),
              let orderID = text(1).flatMap(OrderID.init),
              let version = text(2).flatMap({ Int($0) }),
              let eventID = text(3).flatMap(EventID.init),
              let type = text(4),
              let schemaVersion = text(5).flatMap({ Int($0) }),
              let payloadBytes = fields[6], let metadataBytes = fields[7],
              let microseconds = text(8).flatMap({ Int64($0) })
        else { throw PostgresError(kind: .statementFailed, message: "an events row has NULL or malformed columns", context: context) }
        guard case let .object(payload) = try JSONParser.parse(payloadBytes), case let .object(metadata) = try JSONParser.parse(metadataBytes) else {
            throw PostgresError(kind: .statementFailed, message: "event \(eventID) has a payload or metadata that is not an object", context: context)
        }
        guard let hash = text(9).flatMap(SHA256Digest.init(hexadecimal:)) else {
            throw PostgresError(kind: .statementFailed, message: "event \(eventID) has no hash; run `orderctl migrate` to seal it", context: context)
        }
        let event = ChainedEvent(
            orderID: orderID, version: version, eventID: eventID, type: type, schemaVersion: schemaVersion,
            payload: payload, metadata: metadata, occurredAt: Timestamp(microsecondsSinceEpoch: microseconds)
        )
        return FeedLine(position: position, event: event, hash: hash)
    }
}

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
        return try connection.snapshotTransaction(context: context) {
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
                    SELECT \(StoredEventRow.columns(of: "events")) FROM events
                    WHERE global_position >= current_setting('orderctl.export_from')::bigint
                      AND (current_setting('orderctl.export_type') = '' OR event_type = current_setting('orderctl.export_type'))
                      AND occurred_at >= current_setting('orderctl.export_since')::timestamptz
                    ORDER BY events.transaction_id, events.global_position
                ) TO STDOUT
                """,
                context: context
            ) { row in
                try line(try StoredEventRow.feedLine(CopyRow(fields: CopyTextFormat.fields(of: row)), context: context))
                count += 1
            }
            return count
        }
    }
}

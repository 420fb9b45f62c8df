import OrderDomain
import OrderProjections
import OrderService
import PostgresClient

/// `export --follow` and `--after-position`: the log read past a cursor in commit order, settled events
/// only, so that the last line printed is always a place to resume from without a gap or a repeat.
///
/// An event is settled once no transaction that could still commit an event before it in commit order
/// is running: its transaction id is below the oldest running one (`pg_snapshot_xmin`), as the projection
/// runner reads. An event that commits late, behind a long transaction, is therefore never skipped: it
/// waits, and everything after it waits with it.
package struct EventLogFollower {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// The place in commit order of the event at `position`, nil when no event has that position.
    package func cursor(atPosition position: Int64) throws -> ProjectionCheckpoint? {
        let context = "finding the event at position \(position)"
        let result = try connection.execute(
            "SELECT transaction_id::text FROM events WHERE global_position = $1", [String(position)], context: context
        )
        guard result.rowCount == 1 else { return nil }
        guard let transactionID = result.string(row: 0, column: 0).flatMap({ UInt64($0) }) else {
            throw UnreadableRow(position: position, problem: "a malformed transaction id", context: context)
        }
        return ProjectionCheckpoint(transactionID: transactionID, position: position)
    }

    /// Reads, in commit order, at most `limit` settled events after `cursor`, and hands over those that
    /// `filter` takes; returns the place of the last event read, taken or not, and how many were read.
    ///
    /// The filter is applied to what was read rather than in the query, so that the cursor moves past the
    /// events it leaves out: a feed of a rare type reads each event once, not on every poll.
    package func settledEvents(
        _ filter: ExportFilter, after cursor: ProjectionCheckpoint, limit: Int, line: (FeedLine) throws -> Void
    ) throws -> (cursor: ProjectionCheckpoint, read: Int) {
        let context = "following the event log after \(cursor)"
        // ORDER BY names the table's columns: a bare `transaction_id` would mean the text output column.
        let result = try connection.query(
            """
            SELECT \(StoredEventRow.columns(of: "events")), events.transaction_id::text AS transaction_text FROM events
            WHERE (events.transaction_id, events.global_position) > ($1::xid8, $2::bigint)
              AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY events.transaction_id, events.global_position
            LIMIT $3::bigint
            """,
            [String(cursor.transactionID), String(cursor.position), String(limit)], context: context
        )
        var last = cursor
        for row in 0..<result.rowCount {
            let columns = QueryRow(result: result, row: row)
            let feedLine = try StoredEventRow.feedLine(columns, context: context)
            guard let transactionID = columns.string(StoredEventRow.columnCount).flatMap({ UInt64($0) }) else {
                throw UnreadableRow(position: feedLine.position, problem: "a malformed transaction id", context: context)
            }
            if filter.takes(feedLine) { try line(feedLine) }
            last = ProjectionCheckpoint(transactionID: transactionID, position: feedLine.position)
        }
        return (last, result.rowCount)
    }
}

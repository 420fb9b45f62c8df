import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// `export`: the log as feed lines in gap-safe commit order, streamed out of one `COPY` in one snapshot.
package struct EventLogExport {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Hands each exported line to `line`; returns how many there were.
    ///
    /// Commit order is `(transaction_id, global_position)`, the order catch-up reads in: positions are
    /// drawn before commit, so position order alone can put an event before one committed earlier.
    @discardableResult
    package func export(_ filter: ExportFilter = ExportFilter(), line: (FeedLine) throws -> Void) throws -> Int {
        try forEachRow(filter) { row, context in try line(try StoredEventRow.feedLine(row, context: context)) }
    }

    /// Writes each exported line as text (what `FeedLine.write(into:)` writes) at the end of `output`, then
    /// hands it to `lineWritten`; returns how many there were.
    ///
    /// Written from the row's fields without a `FeedLine` where the row allows (`StoredRowText`): parsing
    /// payload and metadata into values only to write them back was half of the export's own time. Written
    /// into the caller's buffer rather than copied there from one of its own: 84 MB moved once less for
    /// 200,000 events.
    @discardableResult
    package func exportText(
        _ filter: ExportFilter = ExportFilter(), into output: inout JSONTextWriter, lineWritten: (inout JSONTextWriter) throws -> Void
    ) throws -> Int {
        try forEachRow(filter) { row, context in
            try StoredRowText.writeFeedLine(of: row, into: &output, context: context)
            try lineWritten(&output)
        }
    }

    /// The export's one `COPY`, a row at a time.
    private func forEachRow(_ filter: ExportFilter, _ body: (BinaryCopyRow, String) throws -> Void) throws -> Int {
        let context = "exporting the event log"
        return try connection.snapshotTransaction(context: context) {
            var count = 0
            // Only the conditions of the filter given: PostgreSQL cannot estimate a condition on a setting,
            // and three of them made it expect a few hundred rows and plan a parallel scan and a sort of the
            // whole table instead of reading the commit-order index (twice the server's time of an export).
            var conditions: [String] = []
            if filter.fromPosition != nil { conditions.append("global_position >= current_setting('orderctl.export_from')::bigint") }
            if filter.type != nil { conditions.append("event_type = current_setting('orderctl.export_type')") }
            if filter.since != nil { conditions.append("occurred_at >= current_setting('orderctl.export_since')::timestamptz") }
            try connection.copyOut(
                """
                COPY (
                    SELECT \(StoredEventRow.columns(of: "events")) FROM events
                    \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                    ORDER BY events.transaction_id, events.global_position
                ) TO STDOUT (FORMAT binary)
                """,
                settings: [
                    "orderctl.export_from": String(filter.fromPosition ?? 1), "orderctl.export_type": filter.type ?? "",
                    "orderctl.export_since": filter.since?.description ?? "-infinity",
                ],
                context: context
            ) { row in
                try body(row, context)
                count += 1
            }
            return count
        }
    }
}

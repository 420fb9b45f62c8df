import PostgresClient
import OrderDomain
import OrderService

/// `audit verify`: recomputes every stream's hash chain from the stored events, one stream in memory at a time.
package struct ChainAuditor {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Checks every stream, or only `orderID`'s, reporting each break as it is found; all in one
    /// repeatable-read snapshot, so appends running meanwhile cannot look like breaks.
    package func verify(only orderID: OrderID? = nil, onBreak: (ChainBreak) throws -> Void) throws -> ChainAuditReport {
        let context = orderID.map { "verifying the hash chain of \($0)" } ?? "verifying every hash chain"
        return try connection.snapshotTransaction(context: context) {
            var report = ChainAuditReport()
            // Streams read whose `streams` row is there: when they are all the rows, none was emptied.
            var recordedStreams = 0
            func check(_ stream: StoredChainLinks.StoredStream) throws {
                if stream.recordedVersion != nil { recordedStreams += 1 }
                report.streams += 1
                report.events += stream.rowCount
                if let found = Self.firstBreak(in: stream) {
                    report.brokenStreams += 1
                    try onBreak(found)
                }
            }
            let streamsRowsRead = try QuickChainCheck.forEachStream(onlyStream: orderID, on: connection, context: context) { outcome in
                switch outcome {
                case let .intact(_, events, recorded):
                    if recorded { recordedStreams += 1 }
                    report.streams += 1
                    report.events += events
                case let .stored(stream): try check(stream)
                }
            }
            // A stream record whose events are all gone: no row above names it. Counting the records first
            // spares the search in the usual case (every record was read): it reads the whole events index
            // again, a sixth of the time of the COPY above, while the audit waits. A whole-log audit read
            // every record beside the events already, and counted them; only a joined read asks.
            let recordCount = try streamsRowsRead.map(Int64.init) ?? connection.execute(
                "SELECT count(*) FROM streams s WHERE ($1::uuid IS NULL OR s.stream_id = $1::uuid)", [orderID?.description], context: context
            ).integer(row: 0, column: 0)
            if recordCount == Int64(recordedStreams) { return report }
            let emptied = try connection.execute(
                """
                SELECT s.stream_id, s.version FROM streams s
                WHERE ($1::uuid IS NULL OR s.stream_id = $1::uuid) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id)
                ORDER BY s.stream_id
                """,
                [orderID?.description], context: context
            )
            for row in 0..<emptied.rowCount {
                guard let stream = emptied.string(row: row, column: 0).flatMap(OrderID.init) else {
                    throw UnreadableRow(row: "a streams row", problem: "its stream id is malformed", context: context)
                }
                try check(StoredChainLinks.StoredStream(orderID: stream, recordedVersion: emptied.integer(row: row, column: 1).map(Int.init)))
            }
            return report
        }
    }

    /// The stream's first break: one among the events before an unreadable row, else the unreadable row
    /// itself, which the chain cannot be checked past.
    static func firstBreak(in stream: StoredChainLinks.StoredStream) -> ChainBreak? {
        guard let unreadable = stream.firstUnreadable else {
            return StreamAudit.firstBreak(of: stream.orderID, in: stream.links, recordedVersion: stream.recordedVersion)
        }
        if let earlier = StreamAudit.firstBreak(of: stream.orderID, in: stream.links, recordedVersion: nil) { return earlier }
        let nextVersion = stream.links.count + 1
        if unreadable.version > nextVersion {
            return ChainBreak(
                orderID: stream.orderID, version: nextVersion, kind: .missing,
                detail: "version \(nextVersion) is missing: the stream goes from version \(nextVersion - 1) to \(unreadable.version)"
            )
        }
        let place = unreadable.position.map { "the event at position \($0)" } ?? "the event"
        return ChainBreak(
            orderID: stream.orderID, version: unreadable.version, kind: .unreadable,
            detail: "\(place) (version \(unreadable.version)) cannot be read: \(unreadable.problem)"
        )
    }
}

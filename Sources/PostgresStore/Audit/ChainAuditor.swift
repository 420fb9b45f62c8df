import PostgresClient
import OrderDomain
import OrderService

/// `audit verify`: recomputes every stream's hash chain from the stored events, one stream in memory at a time.
public struct ChainAuditor {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    public init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Checks every stream, or only `orderID`'s, reporting each break as it is found; all in one
    /// repeatable-read snapshot, so appends running meanwhile cannot look like breaks.
    public func verify(only orderID: OrderID? = nil, onBreak: (ChainBreak) throws -> Void) throws -> ChainAuditReport {
        let context = orderID.map { "verifying the hash chain of \($0)" } ?? "verifying every hash chain"
        return try connection.snapshotTransaction(context: context) {
            var report = ChainAuditReport()
            func check(_ stream: OrderID, _ links: [ChainLink], _ recordedVersion: Int?) throws {
                report.streams += 1
                report.events += links.count
                if let found = StreamAudit.firstBreak(of: stream, in: links, recordedVersion: recordedVersion) {
                    report.brokenStreams += 1
                    try onBreak(found)
                }
            }
            try StoredChainLinks.forEachStream(onlyStream: orderID, on: connection, context: context, check)
            // A stream record whose events are all gone: no row above names it.
            let emptied = try connection.execute(
                """
                SELECT s.stream_id, s.version FROM streams s
                WHERE ($1::uuid IS NULL OR s.stream_id = $1::uuid) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id)
                ORDER BY s.stream_id
                """,
                [orderID?.description], context: context
            )
            for row in 0..<emptied.rowCount {
                guard let stream = emptied.string(row: row, column: 0).flatMap(OrderID.init) else { continue }
                try check(stream, [], emptied.integer(row: row, column: 1).map(Int.init))
            }
            return report
        }
    }
}

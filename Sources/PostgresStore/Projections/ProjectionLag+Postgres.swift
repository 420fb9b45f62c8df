import PostgresClient
import OrderProjections

extension ProjectionLag {
    /// Measures one table's lag.
    package static func of(_ entry: RegisteredProjection, on connection: DatabaseConnection) throws(PostgresError) -> ProjectionLag {
        let result = try connection.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))
            FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
            """,
            [String(entry.checkpoint.transactionID), String(entry.checkpoint.position)],
            context: "measuring the lag of \(entry.tableName)"
        )
        return ProjectionLag(events: Int(result.integer(row: 0, column: 0) ?? 0), heldBack: Int(result.integer(row: 0, column: 1) ?? 0))
    }
}

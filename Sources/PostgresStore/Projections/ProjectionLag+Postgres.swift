import PostgresClient
import OrderProjections

extension ProjectionLag {
    /// Measures one table's lag.
    ///
    /// The snapshot's horizon is a sub-select, taken once: written in the filter, `pg_current_snapshot()`
    /// was built again for every event counted, a third of the count (9 of 25 ms at 200,000 events, at
    /// the start of every rebuild).
    package static func of(_ entry: RegisteredProjection, on connection: DatabaseConnection) throws(PostgresError) -> ProjectionLag {
        let result = try connection.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE transaction_id >= (SELECT pg_snapshot_xmin(pg_current_snapshot())))
            FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
            """,
            [String(entry.checkpoint.transactionID), String(entry.checkpoint.position)],
            context: "measuring the lag of \(entry.tableName)"
        )
        return ProjectionLag(events: Int(result.integer(row: 0, column: 0) ?? 0), heldBack: Int(result.integer(row: 0, column: 1) ?? 0))
    }
}

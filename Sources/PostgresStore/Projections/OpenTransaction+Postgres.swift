import PostgresClient
import OrderProjections

extension OpenTransaction {
    /// The oldest one other than this session's, if any. Sessions of other roles show only when the
    /// connecting role may read their activity (a superuser, or a member of `pg_read_all_stats`).
    package static func oldest(on connection: DatabaseConnection) throws(PostgresError) -> OpenTransaction? {
        let result = try connection.execute(
            """
            SELECT extract(epoch FROM clock_timestamp() - xact_start)::float8, backend_xid::text, pid,
                   coalesce(application_name, ''), coalesce(state, '')
            FROM pg_stat_activity
            WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
            ORDER BY age(backend_xid) DESC LIMIT 1
            """,
            context: "finding the oldest open transaction"
        )
        guard result.rowCount == 1 else { return nil }
        return OpenTransaction(
            seconds: result.string(row: 0, column: 0).flatMap(Double.init) ?? 0,
            transactionID: result.string(row: 0, column: 1) ?? "",
            processID: Int(result.integer(row: 0, column: 2) ?? 0),
            applicationName: result.string(row: 0, column: 3) ?? "",
            state: result.string(row: 0, column: 4) ?? ""
        )
    }
}

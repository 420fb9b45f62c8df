import PostgresClient
import OrderDomain
import OrderProjections
import OrderService

/// Loads whole streams up to given versions and folds each into its order view.
///
/// Projections start from the stream's first event rather than from the stored row, so a row can never
/// carry forward a mistake, and streams whose events commit out of version order fold the same way.
enum StreamFolding {
    /// The view of each stream at its target version (streams whose order was never placed give none).
    static func views(of targets: [String: Int], on connection: DatabaseConnection, context: String) throws -> [OrderView] {
        let streams = Array(targets.keys)
        let result = try connection.query(
            """
            SELECT \(StoredEventRow.foldedColumns(of: "e"))
            FROM events e
            JOIN unnest($1::uuid[], $2::integer[]) AS target (stream_id, version)
              ON e.stream_id = target.stream_id AND e.version <= target.version
            ORDER BY e.stream_id, e.version
            """,
            [PostgresArrayLiteral.literal(streams), PostgresArrayLiteral.literal(streams.map { String(targets[$0] ?? 0) })],
            context: context
        )
        var views: [OrderView] = []
        var fold = OrderViewFold()
        for row in 0..<result.rowCount {
            if let finished = try fold.add(QueryRow(result: result, row: row), context: context) { views.append(finished) }
        }
        if let last = fold.finish() { views.append(last) }
        return views
    }
}

import OrderProjections

/// Compares a built table with a fresh fold of the log up to its checkpoint, row for row.
///
/// The table was filled batch by batch in commit order, partly while writers ran; the fresh fold reads the
/// same log stream by stream in one pass. Equal rows mean no event was skipped, applied twice or folded
/// out of order.
public struct ProjectionVerification: Hashable, Sendable {
    /// Rows in the built table.
    public let rows: Int
    /// Rows the fresh fold produced.
    public let expectedRows: Int
    /// Rows present on one side and not the other (a changed row counts twice).
    public let differingRows: Int
    /// The checkpoint both sides stand at.
    public let checkpoint: ProjectionCheckpoint

    /// Whether the table is exactly the fold.
    public var matches: Bool { rows == expectedRows && differingRows == 0 }

    /// Verifies one registered table; holds its runner lock meanwhile so no runner moves it.
    static func run(registryID: Int, on connection: DatabaseConnection, streamsPerPage: Int = 2_000) throws -> ProjectionVerification {
        let context = "verifying projection #\(registryID)"
        return try ProjectionLock.withRunner(of: registryID, on: connection, context: context) {
            try compare(registryID: registryID, on: connection, streamsPerPage: streamsPerPage, context: context)
        }
    }

    /// The comparison itself, under the runner lock.
    private static func compare(registryID: Int, on connection: DatabaseConnection, streamsPerPage: Int, context: String) throws -> ProjectionVerification {
        guard let entry = try ProjectionRegistry.entry(id: registryID, on: connection), let table = entry.table else {
            throw PostgresError(kind: .statementFailed, message: "the table to verify is no longer registered", context: context)
        }
        let copy = "pg_temp.projection_verification"
        try connection.execute("DROP TABLE IF EXISTS \(copy)", context: context)
        try connection.execute("CREATE TEMP TABLE projection_verification (LIKE \(table.quotedName) INCLUDING INDEXES)", context: context)
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(copy)", context: context) }

        let checkpoint = [String(entry.checkpoint.transactionID), String(entry.checkpoint.position)]
        var after: String?
        while true {
            let page = try connection.execute(
                """
                SELECT stream_id, max(version) FROM events
                WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint) AND ($3::uuid IS NULL OR stream_id > $3::uuid)
                GROUP BY stream_id ORDER BY stream_id LIMIT \(streamsPerPage)
                """,
                checkpoint + [after], context: context
            )
            guard page.rowCount > 0 else { break }
            var targets: [String: Int] = [:]
            for row in 0..<page.rowCount {
                if let stream = page.string(row: row, column: 0), let version = page.integer(row: row, column: 1) {
                    targets[stream] = Int(version)
                    after = stream
                }
            }
            try table.upsert(try StreamFolding.views(of: targets, on: connection, context: context), into: copy, on: connection, context: context)
        }
        let comparison = try connection.execute(
            """
            SELECT (SELECT count(*) FROM \(table.quotedName)), (SELECT count(*) FROM \(copy)),
                   (SELECT count(*) FROM (SELECT * FROM \(table.quotedName) EXCEPT ALL SELECT * FROM \(copy)) AS extra)
                 + (SELECT count(*) FROM (SELECT * FROM \(copy) EXCEPT ALL SELECT * FROM \(table.quotedName)) AS missing)
            """,
            context: context
        )
        return ProjectionVerification(
            rows: Int(comparison.integer(row: 0, column: 0) ?? -1),
            expectedRows: Int(comparison.integer(row: 0, column: 1) ?? -1),
            differingRows: Int(comparison.integer(row: 0, column: 2) ?? -1),
            checkpoint: entry.checkpoint
        )
    }
}

import PostgresClient
import OrderProjections
import OrderDomain

extension ProjectionVerification {
    /// Verifies one registered table, built in bulk up to `bulkBuiltThrough` when that is given; holds its
    /// runner lock meanwhile so no runner moves it.
    static func run(
        registryID: Int, bulkBuiltThrough bulkHead: ProjectionCheckpoint? = nil, on connection: DatabaseConnection, streamsPerPage: Int = 2_000
    ) throws -> ProjectionVerification {
        var logVersions: ProjectionCheckpoint?
        defer { if logVersions != nil { dropLogVersions(on: connection) } }
        return try run(registryID: registryID, bulkBuiltThrough: bulkHead, logVersions: &logVersions, on: connection, streamsPerPage: streamsPerPage)
    }

    /// `run`, for several tables in a row: `logVersions` is the checkpoint up to which the session's
    /// `pg_temp.projection_log_versions` holds the log's newest version of each placed order (nil: none yet).
    /// A bulk-built table verified at that same checkpoint reuses it, since aggregating the whole log was
    /// most of a verification, and a rebuild of every read model verifies three tables at one checkpoint.
    /// The events up to a checkpoint are settled, so what they aggregate to does not change. The caller
    /// drops the table (`dropLogVersions`) when it is done.
    static func run(
        registryID: Int, bulkBuiltThrough bulkHead: ProjectionCheckpoint?, logVersions: inout ProjectionCheckpoint?,
        on connection: DatabaseConnection, streamsPerPage: Int = 2_000
    ) throws -> ProjectionVerification {
        let context = "verifying projection #\(registryID)"
        return try ProjectionLock.withRunner(of: registryID, on: connection, context: context) {
            try compare(
                registryID: registryID, bulkHead: bulkHead, logVersions: &logVersions, on: connection, streamsPerPage: streamsPerPage, context: context
            )
        }
    }

    /// Drops the session's `pg_temp.projection_log_versions`, if there is one.
    static func dropLogVersions(on connection: DatabaseConnection) {
        _ = try? connection.execute("DROP TABLE IF EXISTS pg_temp.projection_log_versions", context: "dropping the log's versions kept for verifications")
    }

    /// Makes `pg_temp.projection_log_versions` hold the newest version of each stream whose order was
    /// placed, up to `checkpoint`.
    private static func aggregateLogVersions(upTo checkpoint: ProjectionCheckpoint, on connection: DatabaseConnection, context: String) throws {
        try startAggregatingLogVersions(upTo: checkpoint, on: connection, context: context)
        try connection.finishSent(context: context)
    }

    /// Starts filling `pg_temp.projection_log_versions` for `checkpoint` and returns while the server
    /// aggregates: a rebuild runs it beside its bulk pass, on the session that verifies afterwards, so the
    /// verifications find it ready (see `run`'s `logVersions`). `checkpoint` must be settled, as the bulk
    /// pass's head is: the aggregate then holds exactly the events up to it. The session runs nothing else
    /// until `connection.finishSent` has taken the result.
    static func startAggregatingLogVersions(upTo checkpoint: ProjectionCheckpoint, on connection: DatabaseConnection, context: String) throws {
        try connection.execute("DROP TABLE IF EXISTS pg_temp.projection_log_versions", context: context)
        // No key: the comparisons read the whole table in one hash join each and never look an order up,
        // and keeping a key over every placed order was a third of the aggregate's time.
        try connection.execute("CREATE TEMP TABLE projection_log_versions (order_id uuid NOT NULL, version integer NOT NULL)", context: context)
        try connection.send(
            """
            INSERT INTO pg_temp.projection_log_versions (order_id, version)
            SELECT stream_id, max(version) FROM events
            WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)
            GROUP BY stream_id HAVING bool_or(event_type = $3)
            """,
            [String(checkpoint.transactionID), String(checkpoint.position), OrderEvent.Kind.orderPlaced.rawValue], context: context
        )
    }

    /// The comparison itself, under the runner lock.
    private static func compare(
        registryID: Int, bulkHead: ProjectionCheckpoint?, logVersions: inout ProjectionCheckpoint?, on connection: DatabaseConnection,
        streamsPerPage: Int, context: String
    ) throws -> ProjectionVerification {
        guard let entry = try ProjectionRegistry.entry(id: registryID, on: connection), let table = entry.table else {
            throw PostgresError(kind: .statementFailed, message: "the table to verify is no longer registered", context: context)
        }
        let copy = "pg_temp.projection_verification"
        try connection.execute("DROP TABLE IF EXISTS \(copy)", context: context)
        try connection.execute("CREATE TEMP TABLE projection_verification (LIKE \(table.quotedName) INCLUDING INDEXES)", context: context)
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(copy)", context: context) }

        try foldLog(
            upTo: entry.checkpoint, changedAfter: bulkHead, into: copy, as: table, on: connection, streamsPerPage: streamsPerPage, context: context
        )
        if bulkHead != nil, logVersions != entry.checkpoint {
            logVersions = nil
            try aggregateLogVersions(upTo: entry.checkpoint, on: connection, context: context)
            logVersions = entry.checkpoint
        }
        let comparison = try connection.execute(
            bulkHead == nil ? wholeComparison(of: table.quotedName, with: copy) : bulkComparison(of: table.quotedName, with: copy), context: context
        )
        return ProjectionVerification(
            rows: Int(comparison.integer(row: 0, column: 0) ?? -1),
            expectedRows: Int(comparison.integer(row: 0, column: 1) ?? -1),
            differingRows: Int(comparison.integer(row: 0, column: 2) ?? -1),
            checkpoint: entry.checkpoint
        )
    }

    /// Folds every stream of the log up to `checkpoint` (after a bulk build, only those with events past
    /// `bulkHead`) into `copy`, a page of `streamsPerPage` streams at a time.
    private static func foldLog(
        upTo checkpoint: ProjectionCheckpoint, changedAfter bulkHead: ProjectionCheckpoint?, into copy: String, as table: ProjectionTable,
        on connection: DatabaseConnection, streamsPerPage: Int, context: String
    ) throws {
        let checkpointParameters = [String(checkpoint.transactionID), String(checkpoint.position)]
        // After a bulk build, only the streams with events past its head are folded again.
        let onlyChangedAfterBulk = bulkHead == nil ? "" : """
            AND stream_id IN (
                SELECT stream_id FROM events
                WHERE (transaction_id, global_position) > ($4::xid8, $5::bigint) AND (transaction_id, global_position) <= ($1::xid8, $2::bigint)
            )
            """
        let bulkParameters = bulkHead.map { [String($0.transactionID), String($0.position)] } ?? []
        var after: String?
        while true {
            let page = try connection.execute(
                """
                SELECT stream_id, max(version) FROM events
                WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint) AND ($3::uuid IS NULL OR stream_id > $3::uuid)
                \(onlyChangedAfterBulk)
                GROUP BY stream_id ORDER BY stream_id LIMIT $\(bulkParameters.count + 4)::bigint
                """,
                checkpointParameters + [after] + bulkParameters + [String(streamsPerPage)], context: context
            )
            guard page.rowCount > 0 else { break }
            var targets: [String: Int] = [:]
            for row in 0..<page.rowCount {
                guard let stream = page.string(row: row, column: 0), let version = page.integer(row: row, column: 1) else {
                    throw UnreadableRow(position: nil, problem: "a NULL stream or version", context: context)
                }
                targets[stream] = Int(version)
                after = stream
            }
            try table.upsert(try StreamFolding.views(of: targets, on: connection, context: context), into: copy, on: connection, context: context)
        }
    }

    /// Every row of the table against every row of the fold.
    private static func wholeComparison(of table: String, with fold: String) -> String {
        """
        SELECT (SELECT count(*) FROM \(table)), (SELECT count(*) FROM \(fold)),
               (SELECT count(*) FROM (SELECT * FROM \(table) EXCEPT ALL SELECT * FROM \(fold)) AS extra)
             + (SELECT count(*) FROM (SELECT * FROM \(fold) EXCEPT ALL SELECT * FROM \(table)) AS missing)
        """
    }

    /// After a bulk build: the rows refolded (streams changed after its head) row for row, every other
    /// row by its version against the log's newest version of each stream whose order was placed, up to
    /// the checkpoint (`pg_temp.projection_log_versions`).
    ///
    /// The versions are compared with one join on the order (each side has one row per order): it counts
    /// what the two `EXCEPT ALL`s did, a row only on one side once and a version that differs twice (extra
    /// and missing), at a third of their cost, which was most of a rebuild's verification. The same join
    /// counts both sides' rows, so each table is read once, not once to count and once to join (a quarter
    /// less time than counting apart).
    private static func bulkComparison(of table: String, with fold: String) -> String {
        """
        WITH built_refolded AS (SELECT * FROM \(table) WHERE order_id IN (SELECT order_id FROM \(fold)))
        SELECT count(built.order_id), count(logged.order_id),
               coalesce(sum(CASE WHEN built.order_id IS NULL OR logged.order_id IS NULL THEN 1 WHEN built.version <> logged.version THEN 2 ELSE 0 END)
                        FILTER (WHERE coalesce(built.order_id, logged.order_id) NOT IN (SELECT order_id FROM \(fold))), 0)
             + (SELECT count(*) FROM (SELECT * FROM built_refolded EXCEPT ALL SELECT * FROM \(fold)) AS changed)
             + (SELECT count(*) FROM (SELECT * FROM \(fold) EXCEPT ALL SELECT * FROM built_refolded) AS unbuilt)
        FROM \(table) AS built FULL JOIN pg_temp.projection_log_versions AS logged ON logged.order_id = built.order_id
        """
    }
}

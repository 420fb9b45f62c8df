import PostgresClient
import OrderDomain
import OrderProjections

/// A rebuild's first pass: the whole log up to a settled head, read with one `COPY` in stream order,
/// folded one stream at a time and written with `COPY` into the empty table, whose checkpoint moves to
/// the head in the same transaction.
///
/// Building in commit order reads every stream again each time a batch touches it, and writes rows a
/// batch at a time; this pass reads each event once and writes each row once. The log is read on a
/// second session, so PostgreSQL sends rows while this process folds and the table's session stores
/// them: three workers at once instead of taking turns. The head must be settled (no transaction that
/// could still commit an event at or below it is running), so the pass holds exactly the events its
/// checkpoint says, and the commit-order catch-up takes everything after it. The pass is one
/// transaction: an interrupted one leaves the table empty, and the next rebuild starts it again.
/// While it runs (seconds for a million events) it holds the table's runner lock, which other runners
/// skip rather than wait for, and, as any open writing transaction, it holds back the settled reads of
/// catch-up runners elsewhere until it commits.
enum ProjectionBulkBuild {
    /// Builds the table of `entry` up to `head` if it is still empty, reporting the events read (and
    /// checking for a stop request) every `reportInterval` events; returns the events read, or nil when
    /// another rebuild built it meanwhile.
    static func run(
        _ entry: RegisteredProjection, through head: ProjectionCheckpoint, on connection: DatabaseConnection,
        reportInterval: Int, progress: (Int) -> Void, shouldStop: () -> Bool
    ) throws -> Int? {
        let context = "building projection #\(entry.id) from the log up to \(head)"
        let readingSession = try connection.connectAgain()
        try RuntimeRole.allowLongStatements(on: readingSession)
        return try connection.transaction(context: context) {
            try ProjectionLock.holdRunner(of: entry.id, on: connection, context: context)
            // Read after the lock: a rebuild running beside this one may have built it already.
            guard let current = try ProjectionRegistry.entry(id: entry.id, on: connection), current.state == .building,
                  current.checkpoint == .beginning, let table = current.table
            else { return nil }
            let events = try copyFolded(
                through: head, from: readingSession, into: table, on: connection, context: context,
                reportInterval: reportInterval, progress: progress, shouldStop: shouldStop
            )
            try ProjectionRegistry.move(current, to: head, on: connection, context: context)
            return events
        }
    }

    /// Copies the log up to `head`, read on `readingSession`, into the empty `table`, folding each
    /// stream as its events arrive: one COPY each way, so neither side holds the log in memory.
    /// Returns the events read.
    private static func copyFolded(
        through head: ProjectionCheckpoint, from readingSession: DatabaseConnection, into table: ProjectionTable,
        on connection: DatabaseConnection, context: String, reportInterval: Int, progress: (Int) -> Void, shouldStop: () -> Bool
    ) throws -> Int {
        let columns = table.columns
        var events = 0
        var fold = OrderViewFold()
        try connection.copyIn(table.copyInStatement, context: context) { rows in
            try readingSession.copyOut(
                """
                COPY (
                    SELECT \(StoredEventRow.foldedColumns(of: "e")) FROM events e
                    WHERE (e.transaction_id, e.global_position)
                       <= (current_setting('orderctl.build_head_transaction')::xid8, current_setting('orderctl.build_head_position')::bigint)
                    ORDER BY e.stream_id, e.version
                ) TO STDOUT (FORMAT binary)
                """,
                // The reading session runs no transaction of its own: the head is a session setting.
                settings: ["orderctl.build_head_transaction": String(head.transactionID), "orderctl.build_head_position": String(head.position)],
                lasting: .session,
                context: context
            ) { row in
                if let finished = try fold.add(row, context: context) {
                    try rows.append(columns.map { $0.value(finished) })
                }
                events += 1
                if events % reportInterval == 0 {
                    progress(events)
                    if shouldStop() { throw ProjectionRebuildError.interrupted(table.readModel) }
                }
            }
            if let last = fold.finish() { try rows.append(columns.map { $0.value(last) }) }
        }
        return events
    }
}

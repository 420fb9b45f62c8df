import PostgresClient
import OrderDomain
import OrderProjections

/// A rebuild's first pass: the whole log up to a settled head, read with one `COPY` in stream order,
/// folded one stream at a time and written with `COPY` into every empty table being rebuilt, whose
/// checkpoints move to the head in the same transactions.
///
/// Building in commit order reads every stream again each time a batch touches it, and writes rows a
/// batch at a time; this pass reads each event once and writes each row once. The read models are all
/// folds of the same order views, so one read feeds them all: rebuilding every read model with a pass
/// each read and decoded the log three times. The log is read on a session of its own and each table is
/// written on its own (a session runs one COPY at a time), so PostgreSQL sends rows while this process
/// folds and the tables' sessions store them. The head must be settled (no transaction that could still
/// commit an event at or below it is running), so the pass holds exactly the events its checkpoints say,
/// and the commit-order catch-up takes everything after them. Each table's part of the pass is one
/// transaction: an interrupted pass leaves the tables empty, and the next rebuild starts it again.
/// While it runs (seconds for a million events) it holds the tables' runner locks, which other runners
/// skip rather than wait for, and, as any open writing transaction, it holds back the settled reads of
/// catch-up runners elsewhere until it commits.
enum ProjectionBulkBuild {
    /// Builds the tables of `entries` up to `head`, those still empty, reporting the events read (and
    /// checking for a stop request) every `reportInterval` events; returns the events read and the ids
    /// of the entries built (none when other rebuilds built them all meanwhile). `connection` only opens
    /// the pass's sessions: it is free for other statements while the pass runs.
    static func run(
        _ entries: [RegisteredProjection], through head: ProjectionCheckpoint, on connection: DatabaseConnection,
        reportInterval: Int, progress: (Int) -> Void, shouldStop: () -> Bool
    ) throws -> (events: Int, built: Set<Int>) {
        let context = "building projections \(entries.map { "#\($0.id)" }.joined(separator: ", ")) from the log up to \(head)"
        let readingSession = try connection.connectAgain()
        try RuntimeRole.allowLongStatements(on: readingSession)
        // One backend reading the (stream, version) index: a parallel scan and sort of the whole log
        // took more of the two cores the fold and the tables' COPYs need, and sent nothing until sorted.
        try readingSession.execute("SET max_parallel_workers_per_gather = 0", context: context)
        // Every table on a session of its own, none on `connection`: the rebuild aggregates the log for
        // its verifications there meanwhile (`ProjectionVerification.startAggregatingLogVersions`).
        var sessions: [DatabaseConnection] = []
        for _ in entries {
            let session = try connection.connectAgain()
            try RuntimeRole.allowLongStatements(on: session)
            sessions.append(session)
        }
        let tables = entries.compactMap(\.table)
        guard tables.count == entries.count else { return (0, []) }
        let layout = ProjectionBulkRow(tables: tables)
        return try filling(Array(zip(entries, sessions))[...], opened: [], layout: layout, through: head, context: context) { targets in
            try copyFolded(
                through: head, from: readingSession, into: targets, layout: layout, context: context,
                reportInterval: reportInterval, progress: progress, shouldStop: shouldStop
            )
        }
    }

    /// Opens each pending table's transaction and COPY in turn (nested, since each stays open until the
    /// read ends), then runs `read` into those still empty, then ends every COPY (starting the tables'
    /// indexes), then, each in its transaction, waits for its indexes and moves its checkpoint.
    private static func filling(
        _ pending: ArraySlice<(RegisteredProjection, DatabaseConnection)>, opened: [ProjectionBulkTarget], layout: ProjectionBulkRow,
        through head: ProjectionCheckpoint, context: String, read: ([ProjectionBulkTarget]) throws -> Int
    ) throws -> (events: Int, built: Set<Int>) {
        guard let (entry, session) = pending.first else {
            guard !opened.isEmpty else { return (0, []) }
            let events = try read(opened)
            for target in opened { try target.finish() }
            return (events, [])
        }
        let tableContext = "\(context): projection #\(entry.id)"
        return try session.transaction(context: tableContext) {
            try ProjectionLock.holdRunner(of: entry.id, on: session, context: tableContext)
            // Read after the lock: a rebuild running beside this one may have built it already.
            guard let current = try ProjectionRegistry.entry(id: entry.id, on: session), current.state == .building,
                  current.checkpoint == .beginning, let table = current.table
            else { return try filling(pending.dropFirst(), opened: opened, layout: layout, through: head, context: context, read: read) }
            let target = ProjectionBulkTarget(
                entry: current, table: table, session: session, fieldIndexes: layout.indexes(of: table), context: tableContext
            )
            // The table is still `building`: no query and no append uses it, so dropping its indexes holds
            // no one back, and a rollback brings them back with the table empty.
            try table.dropIndexesForBulkLoad(on: session, context: tableContext)
            try target.begin()
            var result: (events: Int, built: Set<Int>)
            do {
                result = try filling(pending.dropFirst(), opened: opened + [target], layout: layout, through: head, context: context, read: read)
                try target.awaitIndexes()
            } catch {
                target.abort()
                throw error
            }
            try ProjectionRegistry.move(current, to: head, on: session, context: tableContext)
            result.built.insert(current.id)
            return result
        }
    }

    /// Copies the log up to `head`, read on `readingSession`, into the empty tables of `targets`, folding
    /// each stream as its events arrive: one COPY out and one in per table, so no side holds the log in
    /// memory. Returns the events read.
    private static func copyFolded(
        through head: ProjectionCheckpoint, from readingSession: DatabaseConnection, into targets: [ProjectionBulkTarget],
        layout: ProjectionBulkRow, context: String, reportInterval: Int, progress: (Int) -> Void, shouldStop: () -> Bool
    ) throws -> Int {
        var events = 0
        var fold = OrderViewFold()
        var row = layout
        func write(_ view: OrderView) throws {
            row.fill(view)
            for target in targets { try target.append(row) }
        }
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
        ) { stored in
            if let finished = try fold.add(stored, context: context) { try write(finished) }
            events += 1
            if events % reportInterval == 0 {
                progress(events)
                if shouldStop() { throw ProjectionRebuildError.interrupted(targets[0].table.readModel) }
            }
        }
        if let last = fold.finish() { try write(last) }
        return events
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import OrderDomain
import OrderProjections
import PostgresClient
import OrderService

/// Projects the log into registered read-model tables in gap-safe commit order, moving each table's
/// checkpoint in the same transaction as the rows it writes.
///
/// Reads stop below the oldest transaction still running (`pg_snapshot_xmin`): its events, and those of
/// anything that started after it, may still commit with lower positions. A long open transaction therefore
/// makes the runner wait; it never skips what commits late.
package final class ProjectionRunner {
    /// What one batch did.
    package enum BatchOutcome: Equatable, Sendable {
        /// Events were projected and the checkpoint moved.
        case projected(events: Int, checkpoint: ProjectionCheckpoint)
        /// Nothing readable past the checkpoint (events may still wait behind an open transaction).
        case caughtUp
        /// The table is no longer registered, or was retired (a rebuild replaced it).
        case gone
        /// Another runner holds the table (a rebuild's bulk pass, which lasts seconds, or another
        /// catch-up): nothing was done; its work will show in the checkpoint.
        case busy
    }

    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Projects at most `limit` events past the table's checkpoint, in one transaction.
    package func runBatch(registryID: Int, limit: Int) throws -> BatchOutcome {
        let context = "catching up projection #\(registryID)"
        return try connection.transaction(context: context) {
            // Not waiting for the lock: a rebuild's bulk pass holds it for as long as it reads the log.
            guard try ProjectionLock.tryHoldRunner(of: registryID, on: connection, context: context) else { return .busy }
            // Read after the lock: the previous holder may have moved the checkpoint.
            guard let entry = try ProjectionRegistry.entry(id: registryID, on: connection), entry.state != .retired else { return .gone }
            return try project(entry, limit: limit, onlySettled: true, context: context)
        }
    }

    /// Runs batches until nothing readable is left, another runner holds the table, or `shouldStop` says
    /// so; returns the events projected.
    package func catchUp(registryID: Int, batchSize: Int = 5_000, afterBatch: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> Int {
        var total = 0
        while !shouldStop() {
            guard case let .projected(events, _) = try runBatch(registryID: registryID, limit: batchSize) else { break }
            total += events
            afterBatch(events)
        }
        return total
    }

    /// Brings every live table up to the newest event committed now (after an import, say), waiting
    /// for open transactions that hold some of those events back. Returns the events projected.
    package func catchUpLiveTables(batchSize: Int = 5_000) throws -> Int {
        let head = try Self.newestCommittedEvent(on: connection)
        var total = 0
        for entry in try ProjectionRegistry.all(on: connection) where entry.state == .live {
            total += try catchUp(registryID: entry.id, batchSize: batchSize)
            try wait(registryID: entry.id, through: head) { _ in total += try catchUp(registryID: entry.id, batchSize: batchSize) }
        }
        return total
    }

    /// Projects the events past the entry's checkpoint inside the caller's transaction.
    ///
    /// `onlySettled` reads only below the oldest running transaction. The switch of a rebuild reads
    /// everything instead: it holds the lock every append holds, so no transaction with events is running.
    func project(_ entry: RegisteredProjection, limit: Int?, onlySettled: Bool, context: String) throws -> BatchOutcome {
        guard let table = entry.table else {
            throw PostgresError(kind: .schemaOutdated, message: "projection \(entry.name) v\(entry.version) is not one this orderctl can build", context: context)
        }
        let bound = onlySettled ? "AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())" : ""
        // ORDER BY names the table's columns: a bare `transaction_id` would mean the output column, the
        // text cast, and sort "100000" before "99999", skipping events whenever ids gain a digit.
        let batch = try connection.execute(
            """
            SELECT events.transaction_id::text AS transaction_text, global_position, stream_id, version FROM events
            WHERE (events.transaction_id, events.global_position) > ($1::xid8, $2::bigint) \(bound)
            ORDER BY events.transaction_id, events.global_position
            LIMIT $3::bigint
            """,
            // A NULL limit is no limit.
            [String(entry.checkpoint.transactionID), String(entry.checkpoint.position), limit.map(String.init)],
            context: context
        )
        guard batch.rowCount > 0 else { return .caughtUp }
        let targets = try Self.newestVersions(in: batch, context: context)
        let checkpoint = try Self.checkpoint(after: batch, context: context)
        try refold(targets, in: table, context: context)
        try ProjectionRegistry.move(entry, to: checkpoint, on: connection, context: context)
        return .projected(events: batch.rowCount, checkpoint: checkpoint)
    }

    /// Each stream of the batch with the newest version the batch brings it to.
    private static func newestVersions(in batch: QueryResult, context: String) throws -> [String: Int] {
        var targets: [String: Int] = [:]
        for row in 0..<batch.rowCount {
            guard let stream = batch.string(row: row, column: 2), let version = batch.integer(row: row, column: 3) else {
                throw UnreadableRow(position: nil, problem: "a NULL stream or version", context: context)
            }
            targets[stream] = max(targets[stream] ?? 0, Int(version))
        }
        return targets
    }

    /// The checkpoint after the batch's last event.
    private static func checkpoint(after batch: QueryResult, context: String) throws -> ProjectionCheckpoint {
        let last = batch.rowCount - 1
        guard let lastTransaction = batch.string(row: last, column: 0).flatMap({ UInt64($0) }),
              let lastPosition = batch.integer(row: last, column: 1)
        else { throw UnreadableRow(position: nil, problem: "a malformed transaction id", context: context) }
        return ProjectionCheckpoint(transactionID: lastTransaction, position: lastPosition)
    }

    /// Folds again and stores the streams whose row is behind the version the batch brings them to.
    private func refold(_ targets: [String: Int], in table: ProjectionTable, context: String) throws {
        // Streams whose row already reflects the batch (written inline at append time) need no work.
        let stored = try storedVersions(of: Array(targets.keys), in: table, context: context)
        let behind = targets.filter { stream, version in (stored[stream] ?? 0) < version }
        if !behind.isEmpty {
            let views = try StreamFolding.views(of: behind, on: connection, context: context)
            try table.upsert(views, on: connection, context: context)
        }
    }

    /// The newest event in commit order among those committed now, or nil for an empty log.
    package static func newestCommittedEvent(on connection: DatabaseConnection) throws -> ProjectionCheckpoint? {
        let result = try connection.execute(
            """
            SELECT events.transaction_id::text AS transaction_text, events.global_position FROM events
            ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1
            """,
            context: "finding the head of the log"
        )
        guard result.rowCount == 1 else { return nil }
        guard let transactionID = result.string(row: 0, column: 0).flatMap({ UInt64($0) }), let position = result.integer(row: 0, column: 1) else {
            throw UnreadableRow(position: nil, problem: "a malformed transaction id", context: "finding the head of the log")
        }
        return ProjectionCheckpoint(transactionID: transactionID, position: position)
    }

    /// Until the table's checkpoint reaches `head`: pauses (10 ms at first, up to 0.5 s), then calls `poll`
    /// with the oldest open transaction, which holds the rest back. `poll` is expected to catch up.
    package func wait(
        registryID: Int, through head: ProjectionCheckpoint?, shouldStop: () -> Bool = { false }, poll: (OpenTransaction?) throws -> Void
    ) throws {
        guard let head else { return }
        try pause(until: {
            guard let entry = try ProjectionRegistry.entry(id: registryID, on: connection) else { return true }
            return entry.checkpoint >= head
        }, shouldStop: shouldStop, between: poll)
    }

    /// Until no transaction that could still commit an event at or below `head` is running, so that the
    /// events up to it are all there is and will ever be. Calls `waiting` with the oldest open transaction
    /// after each pause (10 ms at first, up to 0.5 s).
    package func waitUntilSettled(through head: ProjectionCheckpoint, shouldStop: () -> Bool = { false }, waiting: (OpenTransaction?) throws -> Void) throws {
        func settled() throws -> Bool {
            try connection.execute(
                "SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8", [String(head.transactionID)], context: "waiting for the log up to \(head) to settle"
            ).string(row: 0, column: 0) == "t"
        }
        try pause(until: settled, shouldStop: shouldStop, between: waiting)
    }

    /// Pauses, 10 ms at first and twice as long each time up to 0.5 s, until `done` or `shouldStop`;
    /// calls `between` with the oldest open transaction after each pause.
    private func pause(until done: () throws -> Bool, shouldStop: () -> Bool, between: (OpenTransaction?) throws -> Void) throws {
        var pause: UInt32 = 10_000
        while !shouldStop(), try !done() {
            usleep(pause)
            pause = min(pause * 2, 500_000)
            try between(try OpenTransaction.oldest(on: connection))
        }
    }

    private func storedVersions(of streams: [String], in table: ProjectionTable, context: String) throws -> [String: Int] {
        let result = try connection.execute(
            "SELECT order_id, version FROM \(table.quotedName) WHERE order_id = ANY($1::uuid[])",
            [PostgresArrayLiteral.literal(streams)], context: context
        )
        var versions: [String: Int] = [:]
        for row in 0..<result.rowCount {
            guard let stream = result.string(row: row, column: 0), let version = result.integer(row: row, column: 1) else {
                throw UnreadableRow(row: "a \(table.name) row", problem: "a NULL order id or version", context: context)
            }
            versions[stream] = Int(version)
        }
        return versions
    }
}

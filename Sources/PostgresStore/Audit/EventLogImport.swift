import PostgresClient
import OrderDomain
import JSONCoding
import OrderService
import PersonalDataProtection

/// `import`: loads a feed into an empty store, all or nothing. Lines stream to the server with `COPY` into
/// a staging table as they are read (an unreadable line is refused at once); then the staged feed is read
/// back stream by stream, every version and link checked with one stream in memory at a time, and only
/// then stored. Checking in feed order held every stream's last link until the end: 70 MB for a million
/// events against 29 MB for a tenth of them.
package struct EventLogImport {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Imports every line `nextLine` gives (with its line number), in one transaction.
    /// `keys` (from `export --keys`) are stored with the log, those of customers not in the feed left out.
    package func run(nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?, keys: [CustomerID: CustomerKey]) throws -> ImportReport {
        let context = "importing a feed"
        return try connection.transaction(context: context) {
            // An import writes events: like an append it holds the switch lock shared, so a rebuild's
            // switch never reads past events still being imported.
            try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
            try refuseUnlessEmpty(context: context)
            let events = try stage(nextLine: nextLine, context: context)
            let streams = try checkStagedStreams(context: context)
            try storeStagedFeed(context: context)
            // Imported history counts as already notified (nothing of it is ever mailed): the outbox
            // starts after the last imported event, which this transaction wrote.
            try connection.execute(
                """
                UPDATE notification_outbox
                SET checkpoint_transaction_id = pg_current_xact_id(), checkpoint_position = (SELECT coalesce(max(global_position), 0) FROM events),
                    moved_at = now()
                """,
                context: context
            )
            let storedKeys = try CustomerKeys.insert(keys, on: connection, context: context)
            // A customer imported without a key can never be read again: it is forgotten, and marked so,
            // so that the triggers keep it that way and `customer forget` says it already was.
            let customersWithoutKey = try connection.execute(
                """
                UPDATE streams s SET forgotten = true
                WHERE s.kind = 'customer' AND NOT EXISTS (SELECT FROM customer_keys k WHERE k.customer_id = s.stream_id)
                """,
                context: context
            ).affectedRowCount
            // The contacts read model is folded here, with the keys: the projection catch-up after an
            // import builds the order read models, which need no keys.
            do {
                _ = try withoutPersonalDetail { try ContactsTable.refold(on: connection, context: context) }
            } catch let unreadable as UnreadableRow {
                // The feed's events passed every check: what does not open is the key it was given.
                throw ImportRefusal.keyDoesNotOpen(unreadable.description)
            }
            return ImportReport(
                events: events, streams: streams, keys: storedKeys, keysLeftOut: keys.count - storedKeys, customersWithoutKey: customersWithoutKey
            )
        }
    }

    /// Throws `Refusal.storeNotEmpty` when the store holds any event: an import only fills an empty store.
    private func refuseUnlessEmpty(context: String) throws {
        if try connection.execute("SELECT EXISTS (SELECT 1 FROM events)", context: context).string(row: 0, column: 0) == "t" {
            let total = try connection.execute("SELECT count(*) FROM events", context: context).integer(row: 0, column: 0) ?? 0
            throw ImportRefusal.storeNotEmpty(events: total)
        }
    }

    /// Copies every line into a temporary table (dropped at commit) for the checks; returns the events staged.
    private func stage(nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?, context: String) throws -> Int {
        try connection.execute(
            """
            CREATE TEMP TABLE import_feed (
                line integer, global_position bigint, stream_id uuid, version integer, event_id uuid, event_type text,
                schema_version integer, payload jsonb, metadata jsonb, occurred_at timestamptz, hash bytea
            ) ON COMMIT DROP
            """,
            context: context
        )
        var events = 0
        do {
            try connection.copyIn(
                "COPY import_feed (line, global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash) FROM STDIN",
                context: context
            ) { rows in
                while let (number, parsed) = try nextLine() {
                    switch parsed {
                    case let .success(line): try rows.append(Self.copyFields(line, number: number))
                    case let .failure(refusal): throw ImportRefusal.badLine(number: number, reason: refusal.reason)
                    }
                    events += 1
                }
            }
        } catch let error as PostgresError where Self.isRefusal(error) {
            // The server refused a row while copying it (a NUL in a string, a value out of range).
            throw ImportRefusal.rejectedByDatabase(Self.message(of: error))
        }
        return events
    }

    /// Moves the checked feed into `streams` and `events` and sets the position sequence past it.
    private func storeStagedFeed(context: String) throws {
        // Untyped, as inside the import's transaction closure: inferring `throws(PostgresError)` here
        // crashes the Swift 6.3.1 compiler (ClosureLifetimeFixup).
        do throws(any Error) {
            // The feed check made sure no stream mixes order and customer events.
            try connection.execute(
                """
                INSERT INTO streams (stream_id, version, kind)
                SELECT stream_id, max(version), CASE WHEN bool_or(event_type = ANY($1::text[])) THEN 'customer' ELSE 'order' END
                FROM import_feed GROUP BY stream_id
                """,
                [PostgresArrayLiteral.literal(CustomerEvent.Kind.allCases.map(\.rawValue))],
                context: context
            )
            // The positions of the feed are kept, so a store exported again gives the same feed.
            try connection.execute(
                """
                INSERT INTO events (global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
                OVERRIDING SYSTEM VALUE
                SELECT global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash
                FROM import_feed ORDER BY line
                """,
                context: context
            )
            try connection.execute(
                "SELECT setval(pg_get_serial_sequence('events', 'global_position'), greatest((SELECT max(global_position) FROM events), 1))",
                context: context
            )
        } catch let error as PostgresError where Self.isRefusal(error) {
            throw ImportRefusal.rejectedByDatabase(Self.message(of: error))
        } catch let error as PostgresError where error.sqlState == .insufficientPrivilege {
            throw ImportRefusal.notTheOwner(error.message)
        }
    }

    /// Checks the staged feed one stream at a time, in version order: versions contiguous from 1, every
    /// link recomputed, every event readable, each stream's lines in version order in the feed. Refuses
    /// with the break a check in feed order would have met first, on the earliest line; returns the
    /// number of streams.
    private func checkStagedStreams(context: String) throws -> Int {
        var streams = 0
        var current: StagedStream?
        var earliest: (line: Int, reason: String)?
        func finish(_ stream: StagedStream?) {
            guard let found = stream?.breakInFeedOrder() else { return }
            if earliest.map({ found.line < $0.line }) ?? true { earliest = found }
        }
        try connection.copyOut(
            """
            COPY (
                SELECT \(StoredEventRow.columns(of: "staged")), staged.line FROM import_feed staged
                ORDER BY staged.stream_id, staged.version, staged.line
            ) TO STDOUT (FORMAT binary)
            """,
            context: context
        ) { row in
            let line = try StoredEventRow.feedLine(row, context: context)
            if current?.orderID != line.event.orderID {
                finish(current)
                current = StagedStream(orderID: line.event.orderID)
                streams += 1
            }
            current?.add(line, onLine: Int(row.integer(StoredEventRow.columnCount) ?? 0))
        }
        finish(current)
        if let earliest { throw ImportRefusal.badLine(number: earliest.line, reason: earliest.reason) }
        return streams
    }

    /// One staged stream, its rows arriving in version order, and where a check in feed order would break it.
    ///
    /// The rows that chain from version 1 in increasing lines form its valid prefix. A check in feed order
    /// breaks at the first line outside that prefix: there it has seen exactly the prefix rows on earlier
    /// lines. Only the prefix's lines are kept, one stream at a time.
    private struct StagedStream {
        let orderID: OrderID
        private var check = FeedChainCheck()
        private var prefixLines: [Int] = []
        /// The check's reason for the first row that did not extend the prefix, when that row comes after
        /// the whole prefix in the feed (a check in feed order reaches it in the same state).
        private var firstRefusal: (line: Int, reason: String)?
        private var prefixEnded = false
        /// The row outside the prefix that comes first in the feed.
        private var earliestOutside: (line: Int, version: Int)?

        init(orderID: OrderID) {
            self.orderID = orderID
        }

        mutating func add(_ line: FeedLine, onLine number: Int) {
            if !prefixEnded {
                if number > (prefixLines.last ?? 0) {
                    do throws(FeedRefusal) {
                        try check.accept(line)
                        prefixLines.append(number)
                        return
                    } catch {
                        firstRefusal = (number, error.reason)
                    }
                }
                prefixEnded = true
            }
            if earliestOutside.map({ number < $0.line }) ?? true { earliestOutside = (number, line.event.version) }
        }

        /// The line where a check in feed order breaks this stream, and why; nil when it does not.
        func breakInFeedOrder() -> (line: Int, reason: String)? {
            guard let outside = earliestOutside else { return nil }
            if let firstRefusal, firstRefusal.line == outside.line { return firstRefusal }
            let seen = prefixLines.count { $0 < outside.line }
            return (
                outside.line,
                seen == 0 ? "stream \(orderID) starts at version \(outside.version), not 1" : "stream \(orderID) goes from version \(seen) to \(outside.version)"
            )
        }
    }

    /// Whether the server refused the feed's data (rather than failing itself).
    private static func isRefusal(_ error: PostgresError) -> Bool {
        error.sqlState?.isDataException == true || error.sqlState?.isIntegrityConstraintViolation == true
    }

    private static func message(of error: PostgresError) -> String {
        error.message + (error.detail.map { " (\($0))" } ?? "")
    }

    /// One row's fields for the staging table.
    private static func copyFields(_ line: FeedLine, number: Int) -> [String] {
        let event = line.event
        return [
            String(number), String(line.position), event.orderID.description, String(event.version), event.eventID.description, event.type,
            String(event.schemaVersion), JSONValue.object(event.payload).serialized(), JSONValue.object(event.metadata).serialized(),
            event.occurredAt.description, "\\x" + line.hash.hexadecimal,
        ]
    }
}

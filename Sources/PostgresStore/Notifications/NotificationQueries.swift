import OrderDomain
import OrderService
import PostgresClient

/// What `notify status`, `list` and `show` read, and what `notify retry` changes.
package struct NotificationQueries {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// The counts per state, the lag behind the log and the ages.
    package func status() throws -> NotificationStatus {
        let context = "reading the notifications' status"
        let result = try connection.execute(
            """
            WITH tally AS (
                SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'sent') AS sent,
                       count(*) FILTER (WHERE state = 'failed') AS failed, count(*) FILTER (WHERE state = 'dead') AS dead,
                       count(*) FILTER (WHERE state = 'skipped') AS skipped,
                       extract(epoch FROM now() - min(prepared_at) FILTER (WHERE state IN ('pending', 'failed')))::float8::text AS oldest_unsent,
                       (extract(epoch FROM max(sent_at)) * 1000000)::bigint AS last_sent
                FROM notifications
            )
            SELECT tally.pending, tally.sent, tally.failed, tally.dead, tally.skipped, lag.events, lag.held_back, tally.oldest_unsent, tally.last_sent
            FROM tally, notification_outbox outbox,
            LATERAL (
                -- The horizon taken once (a sub-select), not built again for every event counted.
                SELECT count(*) AS events, count(*) FILTER (WHERE transaction_id >= (SELECT pg_snapshot_xmin(pg_current_snapshot()))) AS held_back
                FROM events WHERE (transaction_id, global_position) > (outbox.checkpoint_transaction_id, outbox.checkpoint_position)
            ) AS lag
            """,
            context: context
        )
        guard result.rowCount == 1 else {
            throw PostgresError(kind: .schemaOutdated, message: "the outbox checkpoint row is missing; run `orderctl migrate`", context: context)
        }
        var counts: [NotificationState: Int] = [:]
        for (column, state) in [NotificationState.pending, .sent, .failed, .dead, .skipped].enumerated() {
            counts[state] = Int(result.integer(row: 0, column: column) ?? 0)
        }
        return NotificationStatus(
            counts: counts, lag: Int(result.integer(row: 0, column: 5) ?? 0), heldBack: Int(result.integer(row: 0, column: 6) ?? 0),
            oldestUnsentSeconds: result.string(row: 0, column: 7).flatMap(Double.init),
            lastSentAt: result.integer(row: 0, column: 8).map { Timestamp(microsecondsSinceEpoch: $0) }
        )
    }

    /// The columns `summary(_:)` reads, from `notifications` under `alias`.
    private static func summaryColumns(of alias: String) -> String {
        [
            "notification_id", "event_id", "global_position", "stream_id", "stream_version", "customer_id", "template", "recipient", "state", "reason",
            "attempts", "last_error", "next_attempt_at", "sent_at",
        ].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    private static func summary(_ row: QueryRow, context: String) throws -> NotificationSummary {
        guard let id: NotificationID = row.identifier(0), let eventID: EventID = row.identifier(1), let position = row.integer(2),
              let streamID: StreamID = row.identifier(3), let version = row.integer(4), let customerID: CustomerID = row.identifier(5),
              let template = row.string(6).flatMap(NotificationTemplate.init(rawValue:)), let state = row.string(8).flatMap(NotificationState.init(rawValue:)),
              let attempts = row.integer(10)
        else { throw UnreadableRow(row: "a notifications row", problem: "NULL or malformed columns", context: context) }
        let origin = NotificationOrigin(eventID: eventID, position: position, streamID: streamID, streamVersion: Int(version), customerID: customerID)
        return NotificationSummary(
            id: id, origin: origin, template: template, recipient: row.string(7), state: state, reason: row.string(9).flatMap(SkipReason.init(rawValue:)),
            attempts: Int(attempts), lastError: row.string(11), nextAttemptAt: row.timestamp(12), sentAt: row.timestamp(13)
        )
    }

    /// The notifications `filter` takes, in log order.
    package func list(_ filter: NotificationListFilter) throws -> [NotificationSummary] {
        let context = "listing notifications"
        let result = try connection.query(
            """
            SELECT \(Self.summaryColumns(of: "n")) FROM notifications n
            WHERE ($1::text IS NULL OR n.state = $1) AND ($2::uuid IS NULL OR n.stream_id = $2) AND ($3::uuid IS NULL OR n.customer_id = $3)
            ORDER BY n.global_position, n.template
            LIMIT $4::bigint
            """,
            [filter.state?.rawValue, filter.orderID?.description, filter.customerID?.description, filter.limit.map(String.init)], context: context
        )
        return try (0..<result.rowCount).map { try Self.summary(QueryRow(result: result, row: $0), context: context) }
    }

    /// One notification, its message and its attempts.
    package func detail(of id: NotificationID) throws -> NotificationDetail? {
        let context = "reading notification \(id)"
        let result = try connection.query(
            "SELECT \(Self.summaryColumns(of: "n")), n.message FROM notifications n WHERE n.notification_id = $1::uuid", [id.description], context: context
        )
        guard result.rowCount == 1 else { return nil }
        let row = QueryRow(result: result, row: 0)
        let summary = try Self.summary(row, context: context)
        let attempts = try connection.query(
            """
            SELECT attempt, started_at, finished_at, outcome, reply FROM notification_attempts
            WHERE notification_id = $1::uuid ORDER BY attempt_id
            """,
            [id.description], context: context
        )
        let history = try (0..<attempts.rowCount).map { index in
            let columns = QueryRow(result: attempts, row: index)
            guard let attempt = columns.integer(0), let startedAt = columns.timestamp(1) else {
                throw UnreadableRow(row: "an attempt of notification \(id)", problem: "NULL or malformed columns", context: context)
            }
            return NotificationAttempt(
                attempt: Int(attempt), startedAt: startedAt, finishedAt: columns.timestamp(2),
                outcome: columns.string(3).flatMap(NotificationAttempt.Outcome.init(rawValue:)), reply: columns.string(4)
            )
        }
        return NotificationDetail(summary: summary, message: row.string(14), attempts: history)
    }

    /// Puts the selected failed or dead notifications back to pending, due now, with fresh attempts, and
    /// wakes the runners. A failed notification whose next attempt is in flight (claimed by a live session)
    /// is left to its runner.
    package func retry(_ selection: RetrySelection) throws -> [NotificationID] {
        let context = "retrying notifications"
        let (condition, parameters): (String, [String?]) =
            switch selection {
            case let .named(ids): ("notification_id = ANY($1::uuid[]) AND state IN ('failed', 'dead')", [PostgresArrayLiteral.literal(ids.map(\.description))])
            case .dead: ("state = 'dead'", [])
            case .failed: ("state = 'failed'", [])
            }
        let result = try connection.transaction(context: context) {
            let updated = try connection.query(
                """
                UPDATE notifications
                SET state = 'pending', attempts = 0, next_attempt_at = now(), claimed_until = NULL, claimed_by = NULL
                WHERE \(condition) AND message IS NOT NULL
                  -- A claim stays `failed` while its runner sends. Clearing it would let a second runner claim and
                  -- send the same message while the first is still at it (two copies with no runner dead), and
                  -- the first one's record would no longer match the reset attempts. So a claim that
                  -- claimDue would not take over (lease running, session alive) is left alone.
                  AND NOT \(NotificationDelivery.heldByLiveRunner("notifications"))
                RETURNING notification_id
                """,
                parameters, context: context
            )
            try connection.execute("SELECT pg_notify($1, '')", [NotificationChannel.name], context: context)
            return updated
        }
        return try (0..<result.rowCount).map { row in
            guard let id: NotificationID = QueryRow(result: result, row: row).identifier(0) else {
                throw UnreadableRow(row: "a retried notification", problem: "a malformed id", context: context)
            }
            return id
        }
    }
}

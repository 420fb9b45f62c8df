import OrderDomain
import OrderService
import PostgresClient

/// Claiming due notifications and recording how their attempts ended, each in a short transaction of its
/// own: nothing is held open while a message travels.
package struct NotificationDelivery {
    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Whether the notification under `alias` is claimed by a runner that may still be sending it: its lease
    /// runs and its session is alive. Such a claim is never taken over, nor reset by `notify retry`.
    package static func heldByLiveRunner(_ alias: String) -> String {
        // The pid list is an uncorrelated subquery: PostgreSQL reads pg_stat_activity once per statement.
        "coalesce(\(alias).claimed_until >= now() AND \(alias).claimed_by = ANY (ARRAY(SELECT pid FROM pg_stat_activity)), false)"
    }

    /// Claims at most `limit` due notifications for `leaseSeconds` and opens an attempt record for each.
    ///
    /// A notification is due when it is pending or failed and its time has come; it waits while anything
    /// before it in its stream is still pending or failed (§9's order), and while a live session holds it.
    /// A claim is free again when its lease has ended or the session that made it is gone: a runner killed
    /// mid-send leaves its claim to the next runner at once, and a live runner's is never taken from it.
    package func claimDue(limit: Int, leaseSeconds: Double) throws -> [ClaimedNotification] {
        let context = "claiming due notifications"
        let result = try withoutPersonalDetail {
            try connection.transaction(context: context) {
                try connection.query(
                    """
                    WITH due AS (
                        SELECT n.notification_id FROM notifications n
                        WHERE n.state IN ('pending', 'failed') AND n.next_attempt_at <= now()
                          AND NOT \(Self.heldByLiveRunner("n"))
                          AND NOT EXISTS (
                              SELECT FROM notifications earlier
                              WHERE earlier.stream_id = n.stream_id AND earlier.stream_version < n.stream_version
                                AND earlier.state IN ('pending', 'failed'))
                        ORDER BY n.next_attempt_at, n.global_position
                        LIMIT $1::bigint
                        FOR UPDATE OF n SKIP LOCKED
                    ),
                    claimed AS (
                        UPDATE notifications n
                        SET attempts = n.attempts + 1, claimed_until = now() + make_interval(secs => $2::float8), claimed_by = pg_backend_pid()
                        FROM due WHERE n.notification_id = due.notification_id
                        RETURNING n.notification_id, n.attempts, n.sender, n.recipient, n.message
                    ),
                    opened AS (
                        INSERT INTO notification_attempts (notification_id, attempt)
                        SELECT notification_id, attempts FROM claimed
                        RETURNING notification_id, attempt_id
                    )
                    SELECT claimed.notification_id, claimed.attempts, opened.attempt_id, claimed.sender, claimed.recipient, claimed.message
                    FROM claimed JOIN opened USING (notification_id)
                    """,
                    [String(limit), String(leaseSeconds)], context: context
                )
            }
        }
        return try (0..<result.rowCount).map { row in
            let columns = QueryRow(result: result, row: row)
            guard let id: NotificationID = columns.identifier(0), let attempt = columns.integer(1), let attemptRecord = columns.integer(2),
                  let sender = columns.string(3), let recipient = columns.string(4), let message = columns.string(5)
            else { throw UnreadableRow(row: "a claimed notification", problem: "NULL or malformed columns", context: context) }
            return ClaimedNotification(id: id, attempt: Int(attempt), attemptRecord: attemptRecord, sender: sender, recipient: recipient, message: message)
        }
    }

    /// Completes the claim's attempt record and moves the notification on, unless it changed meanwhile: a
    /// forget made it skipped, or its lease ran out and another runner claimed it again.
    package func record(_ decision: DeliveryDecision, of claim: ClaimedNotification) throws {
        let context = "recording attempt \(claim.attempt) of notification \(claim.id)"
        let (outcome, reply, retryAfter): (String, String, Double?) =
            switch decision {
            case let .sent(reply): ("sent", reply, nil)
            case let .retry(error, seconds): ("temporary_failure", error, seconds)
            case let .dead(error): ("permanent_failure", error, nil)
            }
        try withoutPersonalDetail {
            try connection.transaction(context: context) {
                try connection.execute(
                    "UPDATE notification_attempts SET finished_at = now(), outcome = $2, reply = $3 WHERE attempt_id = $1::bigint",
                    [String(claim.attemptRecord), outcome, reply], context: context
                )
                try connection.execute(
                    """
                    UPDATE notifications
                    SET state = $3, last_error = $4,
                        next_attempt_at = CASE WHEN $3 = 'failed' THEN now() + make_interval(secs => $5::float8) END,
                        sent_at = CASE WHEN $3 = 'sent' THEN now() END,
                        claimed_until = NULL, claimed_by = NULL
                    WHERE notification_id = $1::uuid AND attempts = $2::integer AND state IN ('pending', 'failed')
                    """,
                    [
                        claim.id.description, String(claim.attempt), decision.state.rawValue, decision.state == .sent ? nil : reply,
                        retryAfter.map { String($0) },
                    ],
                    context: context
                )
            }
        }
    }

    /// Seconds until the next failed notification falls due (0 when one is due now), nil when none waits.
    package func secondsUntilNextDue() throws -> Double? {
        let result = try connection.execute(
            """
            SELECT greatest(0, extract(epoch FROM min(
                CASE WHEN claimed_until > now() THEN greatest(claimed_until, next_attempt_at) ELSE next_attempt_at END) - now()))::float8::text
            FROM notifications WHERE state IN ('pending', 'failed')
            """,
            context: "finding when the next notification falls due"
        )
        return result.string(row: 0, column: 0).flatMap(Double.init)
    }
}

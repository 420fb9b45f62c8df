import OrderService
import PostgresClient

/// Whether the server a session is on shows a position yet: read-your-writes on a standby.
///
/// A standby replays commits in the primary's commit order, so once it shows the event at a position
/// that `submit` answered, it shows everything the primary showed when it answered. A position that no
/// event ever had (a rolled-back append's) counts as shown once a later event is shown that no running
/// transaction can still precede, as the gap-safe readers do.
struct PositionVisibilityQuery {
    let connection: DatabaseConnection

    func visibility(of position: Int64) throws(PostgresError) -> PositionVisibility {
        let context = "checking whether the server shows position \(position)"
        let result = try connection.execute(
            """
            SELECT EXISTS (SELECT 1 FROM events WHERE global_position = $1::bigint)
                       OR EXISTS (SELECT 1 FROM events
                                  WHERE global_position > $1::bigint AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())),
                   (SELECT coalesce(max(global_position), 0) FROM events),
                   CASE WHEN pg_is_in_recovery()
                        THEN extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END
            """,
            [String(position)],
            context: context
        )
        guard let showing = result.string(row: 0, column: 0), let last = result.integer(row: 0, column: 1) else {
            throw PostgresError(kind: .statementFailed, message: "the server answered without a visibility", context: context)
        }
        return PositionVisibility(
            isShowing: showing == "t", lastPosition: last, secondsSinceLastReplay: result.string(row: 0, column: 2).flatMap(Double.init)
        )
    }
}

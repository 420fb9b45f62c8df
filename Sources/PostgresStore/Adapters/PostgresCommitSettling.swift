import OrderDomain
import OrderService
import PostgresClient

/// `submit`'s settling of cut-off commits, on the `commands` record and a confirmation of its own.
struct PostgresCommitSettling: CommitSettling {
    let connection: DatabaseConnection

    func lastPosition() throws -> Int64 {
        try translatingFailures {
            let result = try connection.execute(
                "SELECT coalesce(max(global_position), 0) FROM events", context: "reading the log's last position"
            )
            guard let position = result.integer(row: 0, column: 0) else {
                throw UnreadableRow(row: "the log's last position", problem: "NULL", context: "reading the log's last position")
            }
            return position
        }
    }

    func confirmEarlierCommits(timeoutSeconds: Double) throws {
        let context = "confirming with the synchronous standby the commits made before"
        try translatingFailures {
            do {
                // A cancel ends the commit's wait for the standby with the server's "not confirmed" warning,
                // which the transaction turns into `commitUnconfirmed`.
                try connection.cancelling(after: timeoutSeconds) {
                    try connection.transaction(context: context) {
                        _ = try connection.execute("UPDATE commit_confirmations SET confirmed_at = clock_timestamp()", context: context)
                    }
                }
            } catch let error as PostgresError where error.sqlState == .queryCanceled {
                // Cancelled before the commit (the update waited for a lock): nothing is confirmed either.
                throw PostgresError(kind: .commitUnconfirmed, sqlState: error.sqlState, message: error.message, context: context)
            }
        }
    }

    func receipts(ofCommands commandIDs: [CommandID]) throws -> [CommandID: EventReceipt] {
        guard !commandIDs.isEmpty else { return [:] }
        let context = "settling \(commandIDs.count) command\(commandIDs.count == 1 ? "" : "s") whose answers were cut off"
        return try translatingFailures {
            let result = try connection.execute(
                """
                SELECT commands.command_id, events.event_type, events.version, events.global_position
                FROM commands JOIN events ON events.stream_id = commands.stream_id AND events.version = commands.result_version
                WHERE commands.command_id = ANY($1::uuid[])
                """,
                [PostgresArrayLiteral.literal(commandIDs.map(\.description))],
                context: context
            )
            var receipts: [CommandID: EventReceipt] = [:]
            for row in 0..<result.rowCount {
                // A record that cannot be read must not pass for "never applied": the command would run again.
                guard let commandID = result.string(row: row, column: 0).flatMap(CommandID.init),
                      let type = result.string(row: row, column: 1),
                      let version = result.integer(row: row, column: 2),
                      let position = result.integer(row: row, column: 3)
                else {
                    throw UnreadableRow(row: "a command's event", problem: "NULL or malformed columns", context: context)
                }
                receipts[commandID] = EventReceipt(type: type, version: Int(version), position: position)
            }
            return receipts
        }
    }
}

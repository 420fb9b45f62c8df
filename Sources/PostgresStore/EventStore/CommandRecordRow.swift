import PostgresClient
import OrderService

/// One row of the `commands` idempotency record, written in the append's transaction.
enum CommandRecordRow {
    /// Records one applied command (a batch of orders records its commands with one `unnest` instead).
    static func insert(_ record: CommandRecord, on connection: DatabaseConnection, context: String) throws {
        try connection.execute(
            "INSERT INTO commands (command_id, stream_id, fingerprint, result_version) VALUES ($1, $2, decode($3, 'hex'), $4)",
            [record.commandID.description, record.streamID.uuidString, record.fingerprint?.hexadecimal, String(record.resultingVersion)],
            context: context
        )
    }
}

import Hashing
import OrderDomain
import OrderService
import PostgresClient

/// One row of the `commands` idempotency record, written in the append's transaction and read back by
/// both kinds of handler: a command id is one command's, whichever kind of stream it was for.
enum CommandRecordRow {
    /// The records of whichever of these command ids were applied.
    static func read(_ commandIDs: [CommandID], on connection: DatabaseConnection) throws -> [CommandID: CommandRecord] {
        let context = commandIDs.count == 1 ? "looking up command \(commandIDs[0])" : "looking up \(commandIDs.count) commands"
        let result = try connection.execute(
            "SELECT command_id, stream_id, encode(fingerprint, 'hex'), result_version FROM commands WHERE command_id = ANY($1::uuid[])",
            parameters: [BinaryArrayParameter.array(commandIDs.map(\.uuid), of: .uuid, appendingEach: BinaryCopyField.appendUUID)],
            context: context
        )
        var records: [CommandID: CommandRecord] = [:]
        for row in 0..<result.rowCount {
            // A row that exists but cannot be read must not pass for "never applied": the command would run again.
            // A NULL fingerprint is a forgotten customer's; one that is there must be readable.
            let fingerprintText = result.string(row: row, column: 2)
            let fingerprint = fingerprintText.flatMap(SHA256Digest.init(hexadecimal:))
            guard let commandID = result.string(row: row, column: 0).flatMap(CommandID.init),
                  let streamID = result.string(row: row, column: 1).flatMap(StreamID.init),
                  fingerprintText == nil || fingerprint != nil,
                  let version = result.integer(row: row, column: 3)
            else {
                throw UnreadableRow(row: "the commands row", problem: "NULL or malformed columns", context: context)
            }
            records[commandID] = CommandRecord(commandID: commandID, streamID: streamID, fingerprint: fingerprint, resultingVersion: Int(version))
        }
        return records
    }

    /// Records one applied command (a batch of orders records its commands with one `unnest` instead).
    static func insert(_ record: CommandRecord, on connection: DatabaseConnection, context: String) throws {
        try connection.execute(
            "INSERT INTO commands (command_id, stream_id, fingerprint, result_version) VALUES ($1, $2, decode($3, 'hex'), $4)",
            [record.commandID.description, record.streamID.description, record.fingerprint?.hexadecimal, String(record.resultingVersion)],
            context: context
        )
    }
}

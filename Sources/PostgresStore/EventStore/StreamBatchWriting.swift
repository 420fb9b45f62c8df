import Hashing
import JSONCoding
import OrderDomain
import OrderService
import PostgresClient

/// The statements of a batch append, shared by orders and customers: each stream moved once under its
/// version check, every event inserted with one statement, every command recorded with another.
enum StreamBatchWriting {
    /// Each stream's move in a batch: from the first append's expected version to the last one's new
    /// version; nil when an append does not start where the one before it in the same stream ended.
    static func moves(of steps: [(streamID: StreamID, expectedVersion: Int, newVersion: Int)]) -> [StreamID: (from: Int, to: Int)]? {
        var moves: [StreamID: (from: Int, to: Int)] = [:]
        for step in steps {
            if let move = moves[step.streamID] {
                guard move.to == step.expectedVersion else { return nil }
                moves[step.streamID] = (move.from, step.newVersion)
            } else {
                moves[step.streamID] = (step.expectedVersion, step.newVersion)
            }
        }
        return moves
    }

    /// The version check of a batch, one statement for new streams and one for the others, in key order
    /// (so two batches sharing streams wait rather than deadlock); throws `StreamMoved` when any stream is
    /// not where its first append expected it, is of another kind, or was forgotten.
    static func moveStreams(_ moves: [StreamID: (from: Int, to: Int)], kind: StreamKind, on connection: DatabaseConnection, context: String) throws {
        let sorted = moves.sorted { $0.key < $1.key }
        let created = sorted.filter { $0.value.from == 0 }
        let advanced = sorted.filter { $0.value.from != 0 }
        if !created.isEmpty {
            let inserted = try connection.executePrepared(
                """
                INSERT INTO streams (stream_id, version, kind)
                SELECT stream_id, version, $3 FROM unnest($1::uuid[], $2::int[]) AS batch(stream_id, version) ON CONFLICT (stream_id) DO NOTHING
                """,
                parameters: [
                    BinaryArrayParameter.array(created.map(\.key.uuid), of: .uuid, appendingEach: BinaryCopyField.appendUUID),
                    BinaryArrayParameter.array(created.map(\.value.to), of: .integer, appendingEach: BinaryCopyField.appendInteger),
                    .text(kind.rawValue),
                ],
                context: context
            ).affectedRowCount
            guard inserted == created.count else { throw StreamMoved() }
        }
        if !advanced.isEmpty {
            let updated = try connection.execute(
                """
                UPDATE streams SET version = batch.to_version
                FROM unnest($1::uuid[], $2::int[], $3::int[]) AS batch(stream_id, from_version, to_version)
                WHERE streams.stream_id = batch.stream_id AND streams.version = batch.from_version
                  AND streams.kind = $4 AND NOT streams.forgotten
                """,
                parameters: [
                    BinaryArrayParameter.array(advanced.map(\.key.uuid), of: .uuid, appendingEach: BinaryCopyField.appendUUID),
                    BinaryArrayParameter.array(advanced.map(\.value.from), of: .integer, appendingEach: BinaryCopyField.appendInteger),
                    BinaryArrayParameter.array(advanced.map(\.value.to), of: .integer, appendingEach: BinaryCopyField.appendInteger),
                    .text(kind.rawValue),
                ],
                context: context
            ).affectedRowCount
            guard updated == advanced.count else { throw StreamMoved() }
        }
    }

    /// A stream's committed version (0 when no stream has the id): what an append that was refused reports.
    static func committedVersion(of streamID: StreamID, on connection: DatabaseConnection) throws -> Int {
        let result = try connection.execute(
            "SELECT version FROM streams WHERE stream_id = $1", [streamID.description], context: "reading the version of stream \(streamID)"
        )
        return Int(result.integer(row: 0, column: 0) ?? 0)
    }

    /// One event as `insertEvents` writes it: its fields, its link, and its payload and metadata as JSON text.
    typealias EventRow = (event: ChainedEvent, hash: SHA256Digest, payload: String, metadata: String)

    /// Inserts every event of the batch in one statement, in the batch's order; the global positions drawn.
    static func insertEvents(_ rows: [EventRow], on connection: DatabaseConnection, context: String) throws -> [EventPlace: Int64] {
        let result = try connection.executePrepared(
            """
            INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
            SELECT stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash
            FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::bytea[])
                AS batch(stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
            RETURNING stream_id, version, global_position
            """,
            parameters: [
                BinaryArrayParameter.array(rows, of: .uuid) { BinaryCopyField.appendUUID($0.event.orderID.uuid, to: &$1) },
                BinaryArrayParameter.array(rows, of: .integer) { BinaryCopyField.appendInteger($0.event.version, to: &$1) },
                BinaryArrayParameter.array(rows, of: .uuid) { BinaryCopyField.appendUUID($0.event.eventID.uuid, to: &$1) },
                BinaryArrayParameter.array(rows, of: .text) { BinaryCopyField.appendText($0.event.type, to: &$1) },
                BinaryArrayParameter.array(rows, of: .integer) { BinaryCopyField.appendInteger($0.event.schemaVersion, to: &$1) },
                BinaryArrayParameter.array(rows, of: .jsonb) { BinaryCopyField.appendJSONB($0.payload, to: &$1) },
                BinaryArrayParameter.array(rows, of: .jsonb) { BinaryCopyField.appendJSONB($0.metadata, to: &$1) },
                BinaryArrayParameter.array(rows, of: .timestamptz) {
                    BinaryCopyField.appendTimestamp(microsecondsSinceUnixEpoch: $0.event.occurredAt.microsecondsSinceEpoch, to: &$1)
                },
                BinaryArrayParameter.array(rows, of: .bytea) { BinaryCopyField.appendBytes($0.hash.bytes, to: &$1) },
            ],
            context: context
        )
        var positions: [EventPlace: Int64] = [:]
        for row in 0..<result.rowCount {
            guard let streamID = result.string(row: row, column: 0).flatMap(StreamID.init),
                  let version = result.integer(row: row, column: 1),
                  let position = result.integer(row: row, column: 2)
            else { throw UnreadableRow(position: result.integer(row: row, column: 2), problem: "the insert returned a malformed stream, version or position", context: context) }
            positions[EventPlace(streamID: streamID, version: Int(version))] = position
        }
        return positions
    }

    /// Records the batch's command ids, so a retried command finds its result; throws `StreamMoved` when
    /// another writer recorded one of these command ids meanwhile.
    static func recordCommands(_ commands: [CommandRecord], on connection: DatabaseConnection, context: String) throws {
        let recordedCommands = try connection.executePrepared(
            """
            INSERT INTO commands (command_id, stream_id, fingerprint, result_version)
            SELECT command_id, stream_id, fingerprint, result_version
            FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::int[]) AS batch(command_id, stream_id, fingerprint, result_version)
            ON CONFLICT (command_id) DO NOTHING
            """,
            parameters: [
                BinaryArrayParameter.array(commands, of: .uuid) { BinaryCopyField.appendUUID($0.commandID.uuid, to: &$1) },
                BinaryArrayParameter.array(commands, of: .uuid) { BinaryCopyField.appendUUID($0.streamID.uuid, to: &$1) },
                // A forgotten customer's command keeps no fingerprint.
                BinaryArrayParameter.array(commands, of: .bytea) { command, bytes in
                    if let fingerprint = command.fingerprint { BinaryCopyField.appendBytes(fingerprint.bytes, to: &bytes) } else { BinaryCopyField.appendNull(to: &bytes) }
                },
                BinaryArrayParameter.array(commands, of: .integer) { BinaryCopyField.appendInteger($0.resultingVersion, to: &$1) },
            ],
            context: context
        ).affectedRowCount
        guard recordedCommands == commands.count else { throw StreamMoved() }
    }

    /// Whether a failed batch transaction should be handed back as declined: the transaction rolled back
    /// and the connection works (a stream moved, a row was refused, its answer could not be read). Alone,
    /// each command then meets its own fate.
    static func isDeclined(_ error: any Error) -> Bool {
        switch error {
        case is StreamMoved, is UnreadableRow: true
        case let error as PostgresError: error.kind == .statementFailed
        default: false
        }
    }
}

import PostgresClient
import JSONCoding
import OrderDomain
import OrderService

/// Batches: several commands' appends in one transaction, a few statements for the lot.
extension PostgresOrderEventStore {
    package func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        guard !appends.isEmpty else { return .appended([]) }
        guard let moves = Self.streamMoves(of: appends) else { return .declined }
        // The same order of rows in every writer, so two batches sharing streams wait rather than deadlock.
        let streams = moves.keys.sorted()
        let context = "appending \(appends.count) commands to \(streams.count) streams together"
        do {
            return try connection.transaction(context: context) {
                try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
                let liveTables = try ProjectionRegistry.liveTables(on: connection, context: context)
                try moveStreams(streams.map { ($0, moves[$0]!) }, context: context)
                let positions = try insertEvents(of: appends, context: context)
                let recorded = try Self.recordedEvents(of: appends, at: positions, context: context)
                try recordCommands(appends.map(\.command), context: context)
                try ProjectionTable.upsert(appends.map(\.view), into: liveTables, on: connection, context: context)
                return .appended(recorded)
            }
        } catch is StreamMoved {
            return .declined
        } catch let error as PostgresError where error.kind == .statementFailed {
            // The transaction rolled back and the connection works: one of the rows was refused (a value
            // PostgreSQL cannot store, a constraint, a timeout, a deadlock). Alone, each command meets its own fate.
            return .declined
        } catch is UnreadableRow {
            // The insert's answer could not be read, and the transaction rolled back: alone, each command
            // is written and read back again, and meets its own fate.
            return .declined
        }
    }

    /// Each stream moves once, from the first append's expected version to the last one's new version;
    /// nil when an append does not start where the one before it in the same stream ended.
    private static func streamMoves(of appends: [StreamAppend]) -> [OrderID: (from: Int, to: Int)]? {
        var moves: [OrderID: (from: Int, to: Int)] = [:]
        for append in appends {
            let newVersion = append.expectedVersion + append.events.count
            if let move = moves[append.orderID] {
                guard move.to == append.expectedVersion else { return nil }
                moves[append.orderID] = (move.from, newVersion)
            } else {
                moves[append.orderID] = (append.expectedVersion, newVersion)
            }
        }
        return moves
    }

    /// The batch's events as recorded, each with the global position its insert drew.
    private static func recordedEvents(
        of appends: [StreamAppend], at positions: [StreamVersion: Int64], context: String
    ) throws -> [[RecordedEvent]] {
        try appends.map { append in
            try append.sealedEvents.map { sealed in
                guard let position = positions[StreamVersion(orderID: append.orderID, version: sealed.version)] else {
                    throw PostgresError(kind: .statementFailed, message: "the insert returned no global position", context: context)
                }
                return RecordedEvent(sealed: sealed, orderID: append.orderID, position: position)
            }
        }
    }

    /// Records the batch's command ids, so a retried command finds its result; throws `StreamMoved` when
    /// another writer recorded one of these command ids meanwhile.
    private func recordCommands(_ commands: [CommandRecord], context: String) throws {
        let recordedCommands = try connection.execute(
            """
            INSERT INTO commands (command_id, stream_id, fingerprint, result_version)
            SELECT command_id, stream_id, decode(fingerprint, 'hex'), result_version
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS batch(command_id, stream_id, fingerprint, result_version)
            ON CONFLICT (command_id) DO NOTHING
            """,
            [
                PostgresArrayLiteral.literal(commands.map(\.commandID.description)),
                PostgresArrayLiteral.literal(commands.map(\.streamID.uuidString)),
                PostgresArrayLiteral.literal(commands.map { $0.fingerprint?.hexadecimal }),
                PostgresArrayLiteral.literal(commands.map { String($0.resultingVersion) }),
            ],
            context: context
        ).affectedRowCount
        guard recordedCommands == commands.count else { throw StreamMoved() }
    }

    /// The version check of a batch, one statement for new streams and one for the others; throws
    /// `StreamMoved` when any stream is not where its first append expected it.
    private func moveStreams(_ moves: [(orderID: OrderID, move: (from: Int, to: Int))], context: String) throws {
        let created = moves.filter { $0.move.from == 0 }
        let advanced = moves.filter { $0.move.from != 0 }
        if !created.isEmpty {
            let inserted = try connection.execute(
                """
                INSERT INTO streams (stream_id, version)
                SELECT * FROM unnest($1::uuid[], $2::int[]) ON CONFLICT (stream_id) DO NOTHING
                """,
                [PostgresArrayLiteral.literal(created.map(\.orderID.description)), PostgresArrayLiteral.literal(created.map { String($0.move.to) })],
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
                """,
                [
                    PostgresArrayLiteral.literal(advanced.map(\.orderID.description)),
                    PostgresArrayLiteral.literal(advanced.map { String($0.move.from) }),
                    PostgresArrayLiteral.literal(advanced.map { String($0.move.to) }),
                ],
                context: context
            ).affectedRowCount
            guard updated == advanced.count else { throw StreamMoved() }
        }
    }

    /// Inserts every sealed event of the batch in one statement, in the batch's order; the global positions drawn.
    private func insertEvents(of appends: [StreamAppend], context: String) throws -> [StreamVersion: Int64] {
        let rows = appends.flatMap { append in append.sealedEvents.map { (append.orderID, $0) } }
        let result = try connection.execute(
            """
            INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
            SELECT stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, decode(hash, 'hex')
            FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::text[])
                AS batch(stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
            RETURNING stream_id, version, global_position
            """,
            [
                PostgresArrayLiteral.literal(rows.map { $0.0.description }),
                PostgresArrayLiteral.literal(rows.map { String($0.1.version) }),
                PostgresArrayLiteral.literal(rows.map { $0.1.pending.eventID.description }),
                PostgresArrayLiteral.literal(rows.map { $0.1.encoded.type }),
                PostgresArrayLiteral.literal(rows.map { String($0.1.encoded.schemaVersion) }),
                PostgresArrayLiteral.literal(rows.map { JSONValue.object($0.1.encoded.payload).serialized() }),
                PostgresArrayLiteral.literal(rows.map { JSONValue.object($0.1.pending.metadata).serialized() }),
                PostgresArrayLiteral.literal(rows.map { $0.1.pending.occurredAt.description }),
                PostgresArrayLiteral.literal(rows.map { $0.1.hash.hexadecimal }),
            ],
            context: context
        )
        var positions: [StreamVersion: Int64] = [:]
        for row in 0..<result.rowCount {
            guard let orderID = result.string(row: row, column: 0).flatMap(OrderID.init),
                  let version = result.integer(row: row, column: 1),
                  let position = result.integer(row: row, column: 2)
            else { throw UnreadableRow(position: result.integer(row: row, column: 2), problem: "the insert returned a malformed stream, version or position", context: context) }
            positions[StreamVersion(orderID: orderID, version: Int(version))] = position
        }
        return positions
    }
}

/// One event's place: a stream and a version in it.
private struct StreamVersion: Hashable {
    let orderID: OrderID
    let version: Int
}

import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService

/// The event store on PostgreSQL: the `streams` version check, the append-only `events` table,
/// the `commands` idempotency record and every live read model (inline), one transaction per append.
package final class PostgresOrderEventStore: OrderEventStore {
    let connection: DatabaseConnection

    /// Uses an open connection; the caller has checked the schema (`SchemaRequirement`).
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    package func events(in orderID: OrderID) throws -> [RecordedEvent] {
        try events(in: [orderID])[orderID] ?? []
    }

    package func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]] {
        let result = try connection.query(
            "SELECT \(StoredEventRow.columns(of: "e")) FROM events e WHERE e.stream_id = ANY($1::uuid[]) ORDER BY e.stream_id, e.version",
            [PostgresArrayLiteral.literal(orderIDs.map(\.description))],
            context: orderIDs.count == 1 ? "reading stream \(orderIDs[0])" : "reading \(orderIDs.count) streams"
        )
        var streams: [OrderID: [RecordedEvent]] = [:]
        var reader = StoredStreamReader()
        for row in 0..<result.rowCount {
            let columns = QueryRow(result: result, row: row)
            // A customer's stream holds no order events; the customer store reads it.
            if let type = columns.string(4), CustomerEvent.Kind(rawValue: type) != nil { continue }
            let recorded = try reader.recordedEvent(columns, context: "reading a stream")
            streams[recorded.orderID, default: []].append(recorded)
        }
        return streams
    }

    package func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] {
        let result = try connection.execute(
            "SELECT stream_id, version FROM streams WHERE stream_id = ANY($1::uuid[])",
            parameters: [BinaryArrayParameter.array(orderIDs.map(\.uuid), of: .uuid, appendingEach: BinaryCopyField.appendUUID)],
            context: "reading the versions of \(orderIDs.count) streams"
        )
        var versions: [OrderID: Int] = [:]
        for row in 0..<result.rowCount {
            guard let orderID = result.string(row: row, column: 0).flatMap(OrderID.init), let version = result.integer(row: row, column: 1) else {
                throw UnreadableRow(row: "a streams row", problem: "NULL or malformed columns", context: "reading stream versions")
            }
            versions[orderID] = Int(version)
        }
        return versions
    }

    package func command(_ commandID: CommandID) throws -> CommandRecord? {
        try commands([commandID])[commandID]
    }

    package func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] {
        try CommandRecordRow.read(commandIDs, on: connection)
    }

    package func append(_ append: StreamAppend) throws -> AppendOutcome {
        let context = "appending to stream \(append.orderID.description)"
        do {
            return try connection.transaction(context: context) {
                // Shared with every other append; a rebuild's switch takes it exclusive to hold appends
                // back for a moment. The notification wakes `projections catch-up --follow` after commit.
                try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
                // Read after taking the lock, in a statement of its own: a switch that just committed is seen.
                let liveTables = try ProjectionRegistry.liveTables(on: connection, context: context)
                // The version check comes first, before any global position is drawn.
                let newVersion = append.expectedVersion + append.events.count
                try StreamBatchWriting.moveStreams([StreamID(append.orderID.uuid): (append.expectedVersion, newVersion)], kind: .order, on: connection, context: context)
                var recorded: [RecordedEvent] = []
                for sealed in append.sealedEvents {
                    recorded.append(try insert(sealed, into: append.orderID, context: context))
                }
                try CommandRecordRow.insert(append.command, on: connection, context: context)
                try ProjectionTable.upsert([append.view], into: liveTables, on: connection, context: context)
                return .appended(recorded)
            }
        } catch is StreamMoved {
            return .versionConflict(actual: try currentVersion(of: append.orderID))
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            // A concurrent writer got there first: with this stream's version, or with this command id.
            let actual = try currentVersion(of: append.orderID)
            if actual != append.expectedVersion { return .versionConflict(actual: actual) }
            if try command(append.command.commandID) != nil { return .commandAlreadyRecorded }
            throw error
        }
    }

    package func view(of orderID: OrderID) throws -> OrderView? {
        try ReadModelQueries(connection: connection).order(orderID)?.view
    }

    /// The stream's committed version (0 when it does not exist).
    package func currentVersion(of orderID: OrderID) throws -> Int {
        try StreamBatchWriting.committedVersion(of: StreamID(orderID.uuid), on: connection)
    }

    private func insert(_ sealed: SealedEvent, into orderID: OrderID, context: String) throws -> RecordedEvent {
        let position = try StoredEventRow.insert(sealed.chained(in: orderID), hash: sealed.hash, on: connection, context: context)
        return RecordedEvent(sealed: sealed, orderID: orderID, position: position)
    }
}

/// Thrown inside an append transaction to roll it back when a stream moved under us.
struct StreamMoved: Error {}

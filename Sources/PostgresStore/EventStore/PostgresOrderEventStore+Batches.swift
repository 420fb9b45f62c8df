import PostgresClient
import JSONCoding
import OrderDomain
import OrderService

/// Batches: several commands' appends in one transaction, a few statements for the lot.
extension PostgresOrderEventStore {
    package func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        guard !appends.isEmpty else { return .appended([]) }
        let steps = appends.map { (streamID: StreamID($0.orderID.uuid), expectedVersion: $0.expectedVersion, newVersion: $0.expectedVersion + $0.events.count) }
        guard let moves = StreamBatchWriting.moves(of: steps) else { return .declined }
        let context = "appending \(appends.count) commands to \(moves.count) streams together"
        do {
            return try connection.transaction(context: context) {
                try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
                let liveTables = try ProjectionRegistry.liveTables(on: connection, context: context)
                try StreamBatchWriting.moveStreams(moves, kind: .order, on: connection, context: context)
                let rows = appends.flatMap { append in
                    append.sealedEvents.map { (event: $0.chained(in: append.orderID), hash: $0.hash, payload: $0.storedPayload, metadata: $0.storedMetadata) }
                }
                let positions = try StreamBatchWriting.insertEvents(rows, on: connection, context: context)
                let recorded = try Self.recordedEvents(of: appends, at: positions, context: context)
                try StreamBatchWriting.recordCommands(appends.map(\.command), on: connection, context: context)
                try ProjectionTable.upsert(appends.map(\.view), into: liveTables, on: connection, context: context)
                return .appended(recorded)
            }
        } catch where StreamBatchWriting.isDeclined(error) {
            return .declined
        }
    }

    /// The batch's events as recorded, each with the global position its insert drew.
    private static func recordedEvents(of appends: [StreamAppend], at positions: [EventPlace: Int64], context: String) throws -> [[RecordedEvent]] {
        try appends.map { append in
            try append.sealedEvents.map { sealed in
                guard let position = positions[EventPlace(streamID: StreamID(append.orderID.uuid), version: sealed.version)] else {
                    throw PostgresError(kind: .statementFailed, message: "the insert returned no global position", context: context)
                }
                return RecordedEvent(sealed: sealed, orderID: append.orderID, position: position)
            }
        }
    }
}

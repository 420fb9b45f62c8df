import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import PostgresClient

/// Customers on PostgreSQL: the stream's version check (kind `customer`, not forgotten), the key in
/// `customer_keys`, the sealed event in `events`, the command record and the contacts row, one
/// transaction per append; `forget_customer` (sql/006_customers.sql) to forget.
package final class PostgresCustomerEventStore: CustomerEventStore {
    let connection: DatabaseConnection

    /// Uses an open connection; the caller has checked the schema (`SchemaRequirement`).
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    package func command(_ commandID: CommandID) throws -> CommandRecord? {
        try commands([commandID])[commandID]
    }

    package func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] {
        try CommandRecordRow.read(commandIDs, on: connection)
    }

    package func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead {
        try customerHeads(of: [customerID])[customerID] ?? .empty
    }

    /// Two queries whatever the number of customers: their stream rows with their keys, then the events
    /// of those that are customers' streams.
    package func customerHeads(of customerIDs: [CustomerID]) throws -> [CustomerID: CustomerStreamHead] {
        let context = customerIDs.count == 1 ? "reading the head of customer \(customerIDs[0])" : "reading the heads of \(customerIDs.count) customers"
        let streams = try CustomerStreamRow.read(customerIDs, on: connection, context: context)
        var heads: [CustomerID: CustomerStreamHead] = [:]
        var customers: [CustomerID] = []
        for customerID in customerIDs {
            switch streams[customerID] {
            case nil: heads[customerID] = .empty
            case let stream? where stream.kind != .customer: heads[customerID] = .ofOrderStream(version: stream.version)
            case .some: customers.append(customerID)
            }
        }
        let histories = try CustomerHistory.lines(of: customers, on: connection, context: context)
        for customerID in customers {
            heads[customerID] = try CustomerHistory.head(folding: histories[customerID] ?? [], key: streams[customerID]?.key, of: customerID, context: context)
        }
        return heads
    }

    package func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome {
        let context = "appending to customer stream \(append.customerID)"
        do {
            return .appended(try connection.transaction(context: context) { try write([append], context: context) }[0])
        } catch is StreamMoved {
            // The stream moved or was forgotten, or a twin of this command recorded its id meanwhile.
            let actual = try StreamBatchWriting.committedVersion(of: StreamID(append.customerID.uuid), on: connection)
            if actual == append.expectedVersion, try command(append.command.commandID) != nil { return .commandAlreadyRecorded }
            return .versionConflict(actual: actual)
        }
    }

    package func append(together appends: [CustomerAppend]) throws -> [EventReceipt]? {
        guard !appends.isEmpty else { return [] }
        let context = "appending \(appends.count) customer commands together"
        do {
            return try connection.transaction(context: context) { try write(appends, context: context) }
        } catch where StreamBatchWriting.isDeclined(error) {
            return nil
        }
    }

    /// Everything the appends write, inside the caller's transaction: the version check (which also
    /// re-checks `forgotten` on the row it locks, so an append racing `forget_customer` either commits
    /// first, and the forget then clears its row, or finds the stream forgotten), the new keys, the events,
    /// the command records and the contacts rows. Throws `StreamMoved` when a stream or a command id is not
    /// where the appends expected.
    private func write(_ appends: [CustomerAppend], context: String) throws -> [EventReceipt] {
        let steps = appends.map { (streamID: StreamID($0.customerID.uuid), expectedVersion: $0.expectedVersion, newVersion: $0.expectedVersion + 1) }
        guard let moves = StreamBatchWriting.moves(of: steps) else { throw StreamMoved() }
        // Like an order append: a rebuild's switch holds appends back with this lock.
        try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
        try StreamBatchWriting.moveStreams(moves, kind: .customer, on: connection, context: context)
        let newKeys = appends.compactMap { append in append.newKey.map { (append.customerID, $0) } }
        if !newKeys.isEmpty {
            try connection.execute(
                "INSERT INTO customer_keys (customer_id, key) SELECT customer_id, decode(key, 'hex') FROM unnest($1::uuid[], $2::text[]) AS batch (customer_id, key)",
                [PostgresArrayLiteral.literal(newKeys.map(\.0.description)), PostgresArrayLiteral.literal(newKeys.map(\.1.hexadecimal))],
                context: context
            )
        }
        let rows = appends.map { append in
            (append.event, append.hash, JSONValue.object(append.event.payload).serialized(), JSONValue.object(append.event.metadata).serialized())
        }
        let positions = try StreamBatchWriting.insertEvents(rows, on: connection, context: context)
        try StreamBatchWriting.recordCommands(appends.map(\.command), on: connection, context: context)
        // One row per customer: the newest view of each.
        var newest: [CustomerID: ContactView] = [:]
        for append in appends { newest[append.customerID] = append.view }
        try ContactsTable.upsert(Array(newest.values), on: connection, context: context)
        return try appends.map { append throws in
            guard let position = positions[EventPlace(streamID: StreamID(append.customerID.uuid), version: append.event.version)] else {
                throw PostgresError(kind: .statementFailed, message: "the insert returned no global position", context: context)
            }
            return EventReceipt(type: append.event.type, version: append.event.version, position: position)
        }
    }

    package func forget(_ customerID: CustomerID) throws -> ForgetOutcome {
        let context = "forgetting customer \(customerID)"
        let result = try connection.execute("SELECT forget_customer($1::uuid)", [customerID.description], context: context)
        switch result.string(row: 0, column: 0) {
        case "forgotten": return .forgotten
        case "already_forgotten": return .alreadyForgotten
        case "not_found": return .notFound
        case "wrong_stream_kind": return .wrongStreamKind
        case let other:
            throw PostgresError(kind: .statementFailed, message: "forget_customer answered \(other ?? "NULL"), which this orderctl does not know", context: context)
        }
    }
}

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
        try PostgresOrderEventStore(connection: connection).command(commandID)
    }

    package func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead {
        let context = "reading the head of customer \(customerID)"
        guard let stream = try CustomerStreamRow.read(customerID, on: connection, context: context) else { return .empty }
        if stream.kind != .customer { return .ofOrderStream(version: stream.version) }
        return try CustomerHistory.head(of: customerID, key: stream.key, on: connection, context: context)
    }

    package func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome {
        let context = "appending to customer stream \(append.customerID)"
        let stream = append.customerID.description
        do {
            return try connection.transaction(context: context) {
                // Like an order append: a rebuild's switch holds appends back with this lock.
                try ProjectionLock.holdSwitchSharedAndNotify(on: connection, context: context)
                try moveStream(of: append, context: context)
                if let key = append.newKey {
                    try connection.execute(
                        "INSERT INTO customer_keys (customer_id, key) VALUES ($1, decode($2, 'hex'))",
                        [stream, key.hexadecimal], context: context
                    )
                }
                let position = try StoredEventRow.insert(append.event, hash: append.hash, on: connection, context: context)
                try CommandRecordRow.insert(append.command, on: connection, context: context)
                try ContactsTable.upsert([append.view], on: connection, context: context)
                return .appended(EventReceipt(type: append.event.type, version: append.event.version, position: position))
            }
        } catch is StreamMoved {
            return .versionConflict(actual: try PostgresOrderEventStore(connection: connection).currentVersion(of: OrderID(append.customerID.uuid)))
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            // A concurrent writer got there first: with this stream (of either kind), or with this command id.
            let actual = try PostgresOrderEventStore(connection: connection).currentVersion(of: OrderID(append.customerID.uuid))
            if actual != append.expectedVersion { return .versionConflict(actual: actual) }
            if try command(append.command.commandID) != nil { return .commandAlreadyRecorded }
            throw error
        }
    }

    /// The version check: creates the customer's stream or moves it from the expected version, only while
    /// it is a customer's and not forgotten; throws `StreamMoved` otherwise.
    ///
    /// The update re-checks `forgotten` on the row it locks, so an append racing `forget_customer` either
    /// commits first (and the forget then clears its row) or finds the stream forgotten and writes nothing.
    private func moveStream(of append: CustomerAppend, context: String) throws {
        let stream = append.customerID.description
        let newVersion = String(append.expectedVersion + 1)
        let moved: Int
        if append.expectedVersion == 0 {
            moved = try connection.execute(
                "INSERT INTO streams (stream_id, version, kind) VALUES ($1, $2, 'customer')", [stream, newVersion], context: context
            ).affectedRowCount
        } else {
            moved = try connection.execute(
                "UPDATE streams SET version = $3 WHERE stream_id = $1 AND version = $2 AND kind = 'customer' AND NOT forgotten",
                [stream, String(append.expectedVersion), newVersion], context: context
            ).affectedRowCount
        }
        guard moved == 1 else { throw StreamMoved() }
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

import PostgresClient
import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderService
import PostgresStore

/// Writes an `OrderPlaced` stream with plain SQL, as another tool would: no command record, no read-model
/// rows. Optionally stamped with a chosen transaction id, and with or without its hash-chain link (a store
/// before migration 003 has no hash column).
public enum RawEventWriter {
    /// Inserts the stream row and its first event; returns the new order.
    @discardableResult
    public static func placeOrder(
        customer: CustomerID, on connection: DatabaseConnection, transactionID: UInt64? = nil, withHash: Bool = true
    ) throws -> OrderID {
        let order = OrderID(UUID())
        let eventID = EventID(UUID())
        let encoded = EventCodec.encode(.orderPlaced(customer: customer, currency: .eur))
        let metadata: JSONObject = ["commandId": .string(UUID().uuidString.lowercased())]
        let occurredAt = Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
        let hash = EventChain.link(
            of: ChainedEvent(
                orderID: order, version: 1, eventID: eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
                payload: encoded.payload, metadata: metadata, occurredAt: occurredAt
            ),
            after: EventChain.genesis
        )
        var columns = ["stream_id", "version", "event_id", "event_type", "schema_version", "payload", "metadata", "occurred_at"]
        var values = ["$1", "1", "$2", "$3", "$4", "$5::jsonb", "$6::jsonb", "$7::timestamptz"]
        var parameters: [String?] = [
            order.description, eventID.description, encoded.type, String(encoded.schemaVersion),
            JSONValue.object(encoded.payload).serialized(), JSONValue.object(metadata).serialized(), occurredAt.description,
        ]
        if let transactionID {
            columns.append("transaction_id")
            values.append("$\(parameters.count + 1)::xid8")
            parameters.append(String(transactionID))
        }
        if withHash {
            columns.append("hash")
            values.append("decode($\(parameters.count + 1), 'hex')")
            parameters.append(hash.hexadecimal)
        }
        let context = "writing an event with plain SQL"
        try connection.execute("INSERT INTO streams (stream_id, version) VALUES ($1, 1)", [order.description], context: context)
        try connection.execute(
            "INSERT INTO events (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))", parameters, context: context
        )
        return order
    }
}

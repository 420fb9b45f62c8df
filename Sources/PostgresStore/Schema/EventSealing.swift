import PostgresClient
import Hashing
import OrderDomain
import OrderService

/// Gives events written before the hash chain existed their links, once, in version order.
///
/// Migration 003 lets an `UPDATE` set a missing hash and nothing else; `migrate` calls this right after it.
enum EventSealing {
    /// Seals every unsealed event; returns how many were sealed.
    static func sealUnsealedEvents(on connection: DatabaseConnection) throws -> Int {
        let context = "sealing events written before the hash chain"
        // Served by the partial index events_unsealed, so a store with nothing to seal is not scanned.
        let unsealed = try connection.execute("SELECT DISTINCT stream_id FROM events WHERE hash IS NULL", context: context)
        var sealed = 0
        for row in 0..<unsealed.rowCount {
            guard let orderID = unsealed.string(row: row, column: 0).flatMap(OrderID.init) else {
                throw UnreadableRow(position: nil, problem: "a malformed stream id", context: context)
            }
            try connection.transaction(context: context) {
                var previous = EventChain.genesis
                for link in try StoredChainLinks.links(of: orderID, on: connection, context: context) {
                    let hash = link.storedHash ?? EventChain.link(of: link.event, after: previous)
                    if link.storedHash == nil {
                        try connection.execute(
                            "UPDATE events SET hash = decode($3, 'hex') WHERE stream_id = $1 AND version = $2 AND hash IS NULL",
                            [orderID.description, String(link.event.version), hash.hexadecimal], context: context
                        )
                        sealed += 1
                    }
                    previous = hash
                }
            }
        }
        return sealed
    }
}

import DatabaseTestSupport
import Foundation
import OrderDomain
import PostgresClient
@testable import PostgresStore
import Testing

@Suite("Recorded stream versions read beside the audit", .serialized)
struct RecordedStreamVersionsTests {
    @Test("a second session shares the audit's snapshot: each stream's version in stream order, nil for a stream without a row, nothing written after the snapshot")
    func sharesTheSnapshot() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var versions: [OrderID: Int] = [:]
            for items in 0..<6 { versions[try HashChainTests.order(withItems: items, handler: handler)] = items + 1 }
            let context = "reading recorded versions"
            try connection.snapshotTransaction(context: context) {
                _ = try connection.execute("SELECT count(*) FROM streams", context: context)
                // Written after the snapshot was taken: neither session may see it.
                let writer = try database.connect()
                let late = try HashChainTests.order(withItems: 2, handler: StoreFixtures.handler(on: writer))
                let recorded = try #require(try RecordedStreamVersions.open(sharingSnapshotOf: connection, context: context))
                let unknown = OrderID(UUID())
                let asked = (Array(versions.keys) + [late, unknown]).sorted { Self.storedBytes($0).lexicographicallyPrecedes(Self.storedBytes($1)) }
                for stream in asked {
                    let found = try Self.storedBytes(stream).withUnsafeBufferPointer { try recorded.version(of: $0) }
                    #expect(found == versions[stream], "\(stream)")
                }
                try recorded.finish()
            }
        }
    }

    /// The 16 bytes PostgreSQL stores for the id, in its `uuid` order.
    static func storedBytes(_ id: OrderID) -> [UInt8] {
        withUnsafeBytes(of: id.uuid.uuid) { Array($0) }
    }
}

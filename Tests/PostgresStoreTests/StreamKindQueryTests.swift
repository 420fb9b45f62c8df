import DatabaseTestSupport
import Foundation
import OrderDomain
@testable import PostgresStore
import Testing

/// `replay` asks what a stream holds before it reads the events (`EventLogReading.kind(ofStream:)`).
@Suite("The kind of a stream", .serialized)
struct StreamKindQueryTests {
    @Test("an order's stream, a customer's stream, and an id no stream has")
    func kinds() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let order = try HashChainTests.order(withItems: 1, handler: StoreFixtures.handler(on: connection))
            let customer = CustomerID(UUID())
            _ = try CustomerStoreFixtures.handler(on: connection).handle(CustomerStoreFixtures.register(customer))
            let eventLog = try PostgresStorage().open(database.url, for: .bulk).eventLog
            #expect(try eventLog.kind(ofStream: StreamID(order.uuid)) == .order)
            #expect(try eventLog.kind(ofStream: StreamID(customer.uuid)) == .customer)
            #expect(try eventLog.kind(ofStream: StreamID(UUID())) == nil)
        }
    }
}

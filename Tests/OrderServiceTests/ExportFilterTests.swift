import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Export filter")
struct ExportFilterTests {
    static func line(position: Int64, type: String, occurredAt: Int64) -> FeedLine {
        FeedLine(
            position: position,
            event: ChainedEvent(
                orderID: OrderID(UUID()), version: 1, eventID: EventID(UUID()), type: type, schemaVersion: 1, payload: [:],
                metadata: ["commandId": .string(UUID().uuidString.lowercased())], occurredAt: Timestamp(microsecondsSinceEpoch: occurredAt)
            ),
            hash: EventChain.genesis
        )
    }

    @Test("a follower's filter takes a line exactly when export's query would: position, type and time, all together")
    func takes() {
        let filter = ExportFilter(fromPosition: 10, type: "OrderPlaced", since: Timestamp(microsecondsSinceEpoch: 1_000))
        #expect(filter.takes(Self.line(position: 10, type: "OrderPlaced", occurredAt: 1_000)))
        #expect(!filter.takes(Self.line(position: 9, type: "OrderPlaced", occurredAt: 1_000)))
        #expect(!filter.takes(Self.line(position: 10, type: "ItemAdded", occurredAt: 1_000)))
        #expect(!filter.takes(Self.line(position: 10, type: "OrderPlaced", occurredAt: 999)))
        #expect(ExportFilter().takes(Self.line(position: 1, type: "ContactInfoChanged", occurredAt: 0)))
    }
}

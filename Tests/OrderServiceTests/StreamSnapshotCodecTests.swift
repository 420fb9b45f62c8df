import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Stream snapshot codec")
struct StreamSnapshotCodecTests {
    private static let view = OrderView(
        orderID: OrderID(UUID()),
        order: Order(
            customer: CustomerID(UUID()), currency: .jpy, status: .shipped,
            lines: [
                OrderLine(product: ProductID(UUID()), quantity: 3, unitPrice: Money(minorUnits: 1_200, currency: .jpy)),
                OrderLine(product: ProductID(UUID()), quantity: 1, unitPrice: Money(minorUnits: 0, currency: .jpy)),
            ]
        ),
        version: 42, placedAt: Timestamp(microsecondsSinceEpoch: 1_700_000_000_123_456), updatedAt: Timestamp(microsecondsSinceEpoch: 1_700_000_999_000_001)
    )

    @Test("a view comes back as it was encoded, through its JSON text too")
    func roundTrip() throws {
        let encoded = StreamSnapshotCodec.encode(Self.view)
        #expect(StreamSnapshotCodec.decode(encoded, orderID: Self.view.orderID, version: 42) == Self.view)
        let reparsed = try #require(try JSONParser.parse(JSONValue.object(encoded).serialized()).objectValue)
        #expect(StreamSnapshotCodec.decode(reparsed, orderID: Self.view.orderID, version: 42) == Self.view)
    }

    @Test("anything malformed decodes to nothing rather than to a wrong order", arguments: [
        ("customerId", JSONValue.string("not a uuid")), ("currency", .string("XXX")), ("status", .string("lost")),
        ("lines", .object([:])), ("lines", .array([.object(["productId": .string("x"), "quantity": .integer(1), "unitPriceMinorUnits": .integer(1)])])),
        ("lines", .array([.object(["productId": .string(UUID().uuidString), "quantity": .integer(0), "unitPriceMinorUnits": .integer(1)])])),
        ("placedAt", .string("yesterday")), ("updatedAt", .null),
    ])
    func malformed(field: String, value: JSONValue) {
        var encoded = StreamSnapshotCodec.encode(Self.view)
        encoded[field] = value
        #expect(StreamSnapshotCodec.decode(encoded, orderID: Self.view.orderID, version: 42) == nil)
    }
}

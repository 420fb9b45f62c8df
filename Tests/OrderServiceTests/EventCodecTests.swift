import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Event codec")
struct EventCodecTests {
    static let product = ProductID(UUID())

    static let everyEvent: [OrderEvent] = [
        .orderPlaced(customer: CustomerID(UUID()), currency: .kwd),
        .itemAdded(product: product, quantity: 3, unitPrice: Money(minorUnits: 1250, currency: .kwd)),
        .itemRemoved(product: product, quantity: 2),
        .orderConfirmed,
        .orderShipped(trackingNumber: "1Z 999"),
        .orderShipped(trackingNumber: nil),
        .orderDelivered,
        .orderCancelled(reason: "'); DROP TABLE events; --"),
        .orderCancelled(reason: nil),
    ]

    @Test("every event survives encode → JSON text → decode", arguments: everyEvent)
    func roundTrip(event: OrderEvent) throws {
        let encoded = EventCodec.encode(event)
        #expect(encoded.type == event.kind.rawValue)
        let text = JSONValue.object(encoded.payload).serialized()
        guard case let .object(payload) = try JSONParser.parse(text) else {
            Issue.record("payload is not an object")
            return
        }
        #expect(try EventCodec.decode(EncodedEvent(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: payload)) == event)
    }

    @Test("ItemAdded stores its price as a decimal string with its currency, at schema version 2")
    func itemAddedShape() {
        let encoded = EventCodec.encode(.itemAdded(product: Self.product, quantity: 1, unitPrice: Money(minorUnits: 1200, currency: .jpy)))
        #expect(encoded.schemaVersion == 2)
        #expect(encoded.payload["unitPrice"] == "1200")
        #expect(encoded.payload["currency"] == "JPY")
    }

    @Test("unknown types, unsupported versions and bad fields are named, not guessed")
    func decodingFailures() {
        #expect(throws: EventDecodingError.self) { try EventCodec.decode(EncodedEvent(type: "OrderTeleported", schemaVersion: 1, payload: [:])) }
        #expect(throws: EventDecodingError.self) { try EventCodec.decode(EncodedEvent(type: "OrderPlaced", schemaVersion: 9, payload: [:])) }
        do {
            _ = try EventCodec.decode(EncodedEvent(type: "ItemRemoved", schemaVersion: 1, payload: ["productId": .string(Self.product.description), "quantity": "2"]))
            Issue.record("a string quantity was accepted")
        } catch {
            #expect(error.description.contains("quantity"))
        }
    }
}

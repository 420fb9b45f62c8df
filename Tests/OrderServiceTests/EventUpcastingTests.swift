import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Event upcasting")
struct EventUpcastingTests {
    static let product = ProductID(UUID())

    static func legacyItem(price: String) -> EncodedEvent {
        EncodedEvent(type: "ItemAdded", schemaVersion: 1, payload: ["productId": .string(product.description), "quantity": 2, "price": .string(price)])
    }

    @Test("ItemAdded v1 takes the order's currency and its price becomes the unit price")
    func itemAddedVersionOne() throws {
        var decoder = StreamEventDecoder()
        _ = try decoder.decode(EventCodec.encode(.orderPlaced(customer: CustomerID(UUID()), currency: .kwd)))
        let event = try decoder.decode(Self.legacyItem(price: "1.125"))
        #expect(event == .itemAdded(product: Self.product, quantity: 2, unitPrice: Money(minorUnits: 1_125, currency: .kwd)))
    }

    @Test("current shapes pass through untouched")
    func currentShapes() throws {
        let current = EventCodec.encode(.itemAdded(product: Self.product, quantity: 1, unitPrice: Money(minorUnits: 999, currency: .eur)))
        #expect(try EventUpcasting.upcast(current, orderCurrency: nil) == current)
    }

    @Test("a v1 item with no OrderPlaced before it, or a price the currency cannot hold, is a typed decoding error")
    func refusals() {
        var decoder = StreamEventDecoder()
        #expect(throws: EventDecodingError.self) { try decoder.decode(Self.legacyItem(price: "1.00")) }
        var yen = StreamEventDecoder()
        #expect(throws: EventDecodingError.self) {
            _ = try yen.decode(EventCodec.encode(.orderPlaced(customer: CustomerID(UUID()), currency: .jpy)))
            _ = try yen.decode(Self.legacyItem(price: "12.5"))
        }
        #expect(throws: EventDecodingError.self) { try EventUpcasting.upcast(EncodedEvent(type: "OrderPlaced", schemaVersion: 0, payload: [:]), orderCurrency: nil) }
    }
}

import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

/// A replay decodes each payload from its stored text (`EventCodec.decode(type:schemaVersion:payload:)`,
/// `StreamEventDecoder.decode(type:schemaVersion:payload:)`): it must read exactly the event the parsed
/// payload reads, and whatever it cannot read in place must come out as the parsed path answers, errors
/// included.
@Suite("Events decoded from stored payload text")
struct StoredTextDecodingTests {
    /// jsonb's output form: members in its own order, a space after each colon and comma.
    static func storedText(_ payload: JSONObject) -> [UInt8] {
        Array(("{" + payload.members.map { "\"\($0.key)\": " + $0.value.serialized() }.joined(separator: ", ") + "}").utf8)
    }

    @Test("every current shape reads in place as the parsed payload reads", arguments: EventCodecTests.everyEvent)
    func currentShapes(event: OrderEvent) throws {
        let encoded = EventCodec.encode(event)
        let text = Self.storedText(encoded.payload)
        let inPlace = text.withUnsafeBufferPointer { EventCodec.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: $0) }
        // A reason or tracking number with characters outside the plain subset is left to the parser.
        if let inPlace { #expect(inPlace == event) }
        var decoder = StreamEventDecoder()
        #expect(try text.withUnsafeBufferPointer { try decoder.decode(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: $0) } == event)
    }

    @Test("plain payloads are read in place, not parsed")
    func readInPlace() {
        let text = Array(#"{"currency": "EUR", "productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": 1, "unitPrice": "9.99"}"#.utf8)
        let event = text.withUnsafeBufferPointer { EventCodec.decode(type: "ItemAdded", schemaVersion: 2, payload: $0) }
        #expect(event == .itemAdded(product: ProductID(UUID(uuidString: "4e7fca8a-3497-5298-b034-7fb18d6bdb05")!), quantity: 1, unitPrice: Money(minorUnits: 999, currency: .eur)))
    }

    @Test("older shapes, payloads outside the subset and bad fields answer as the parsed payload does", arguments: [
        ("ItemAdded", 1, #"{"productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": 2, "price": "1.125"}"#),
        ("ItemAdded", 2, #"{"currency": "KWD", "productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": 2, "unitPrice": "1.1250"}"#),
        ("ItemAdded", 2, #"{"currency": "KWD", "productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": 2.0, "unitPrice": "1"}"#),
        ("ItemRemoved", 1, #"{"productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": "2"}"#),
        ("ItemRemoved", 1, #"{"productId": "not a uuid", "quantity": 2}"#),
        ("OrderShipped", 1, #"{"trackingNumber": "caf\u00e9"}"#),
        ("OrderShipped", 1, #"{"trackingNumber": 7}"#),
        ("OrderCancelled", 1, #"{"reason": null, "extra": [1, {"a": 2}]}"#),
        ("OrderTeleported", 1, #"{}"#),
        ("OrderPlaced", 9, #"{}"#),
    ])
    func sameAnswers(type: String, schemaVersion: Int, payload: String) throws {
        guard case let .object(parsed) = try JSONParser.parse(payload) else { throw EventDecodingError(type: type, schemaVersion: schemaVersion, reason: "not an object") }
        let placed = EventCodec.encode(.orderPlaced(customer: CustomerID(UUID()), currency: .kwd))
        var parsedDecoder = StreamEventDecoder()
        var textDecoder = StreamEventDecoder()
        _ = try parsedDecoder.decode(placed)
        _ = try textDecoder.decode(placed)
        let expected = Result { () throws(EventDecodingError) in try parsedDecoder.decode(EncodedEvent(type: type, schemaVersion: schemaVersion, payload: parsed)) }
        let read = Array(payload.utf8).withUnsafeBufferPointer { text in
            Result { () throws(EventDecodingError) in try textDecoder.decode(type: type, schemaVersion: schemaVersion, payload: text) }
        }
        #expect(read == expected)
    }

    @Test("a payload that is not a JSON object is a decoding error")
    func notAnObject() {
        var decoder = StreamEventDecoder()
        #expect(throws: EventDecodingError.self) {
            try Array("[1]".utf8).withUnsafeBufferPointer { try decoder.decode(type: "OrderConfirmed", schemaVersion: 1, payload: $0) }
        }
    }
}

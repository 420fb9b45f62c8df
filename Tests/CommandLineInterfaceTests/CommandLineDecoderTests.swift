import CommandLineInterface
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Command line decoder")
struct CommandLineDecoderTests {
    static let order = "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a"
    static let product = "00000000-0000-4000-8000-0000000000a1"
    static let generated = CommandID(UUID(uuidString: "00000000-0000-4000-8000-00000000beef")!)
    static let decoder = CommandLineDecoder(makeCommandID: { generated })

    /// An order line's envelope; a line that decodes as a customer command fails here, as it should not.
    static func decode(_ text: String) -> Result<CommandEnvelope, LineFailure> {
        decoder.decode(Array(text.utf8)).flatMap { submitted in
            guard case let .order(envelope) = submitted else {
                return .failure(LineFailure(.unknownCommand, "decoded as a customer command, not an order command"))
            }
            return .success(envelope)
        }
    }

    static func failure(_ text: String) -> LineFailure? {
        if case let .failure(failure) = decode(text) { failure } else { nil }
    }

    @Test("a full AddItem line decodes with every field")
    func addItem() throws {
        let line = #"{"type":"AddItem","orderId":"\#(Self.order)","productId":"\#(Self.product)","quantity":2,"unitPrice":"19.99","currency":"EUR","commandId":"6a1e0c52-6a0e-4f1b-9d1c-0d6c1b0e7a11","expectedVersion":3,"metadata":{"user":"alice"}}"#
        let envelope = try Self.decode(line).get()
        #expect(envelope.orderID.description == Self.order)
        #expect(envelope.commandID.description == "6a1e0c52-6a0e-4f1b-9d1c-0d6c1b0e7a11")
        #expect(envelope.expectedVersion == 3)
        #expect(envelope.metadata["user"] == "alice")
        #expect(envelope.command == .addItem(
            product: ProductID(Self.product)!, quantity: 2, unitPrice: DecimalAmount(significand: 1999, fractionDigits: 2), currency: .eur
        ))
    }

    @Test("a line without commandId gets a generated one; null optional fields count as absent")
    func defaults() throws {
        let envelope = try Self.decode(#"{"type":"ShipOrder","orderId":"\#(Self.order)","trackingNumber":null,"commandId":null}"#).get()
        #expect(envelope.commandID == Self.generated)
        #expect(envelope.command == .shipOrder(trackingNumber: nil))
    }

    @Test("every invalid code, with the field it names", arguments: [
        (#"{"type":"#, "malformed_json", nil as String?),
        ("[1]", "malformed_json", nil),
        ("\"text\"", "malformed_json", nil),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)"} trailing"#, "malformed_json", nil),
        (#"{"type":"ConfirmOrder","type":"ConfirmOrder","orderId":"\#(order)"}"#, "malformed_json", nil),
        (#"{"type":"Refund","orderId":"\#(order)"}"#, "unknown_command", "type"),
        (#"{"type":5,"orderId":"\#(order)"}"#, "invalid_field", "type"),
        (#"{"orderId":"\#(order)"}"#, "missing_field", "type"),
        (#"{"type":"ConfirmOrder"}"#, "missing_field", "orderId"),
        (#"{"type":"ConfirmOrder","orderId":null}"#, "missing_field", "orderId"),
        (#"{"type":"ConfirmOrder","orderId":"3F2B"}"#, "invalid_field", "orderId"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","commandId":7}"#, "invalid_field", "commandId"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","expectedVersion":"3"}"#, "invalid_field", "expectedVersion"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","expectedVersion":1.5}"#, "invalid_field", "expectedVersion"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","expectedVersion":1e2}"#, "invalid_field", "expectedVersion"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","expectedVersion":99999999999999999999}"#, "invalid_field", "expectedVersion"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","metadata":[1]}"#, "invalid_field", "metadata"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","metadata":{"commandId":"x"}}"#, "invalid_field", "metadata"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","note":"hi"}"#, "invalid_field", "note"),
        (#"{"type":"PlaceOrder","orderId":"\#(order)","currency":"EUR"}"#, "missing_field", "customerId"),
        (#"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(product)","currency":"eur"}"#, "invalid_field", "currency"),
        (#"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(product)"}"#, "missing_field", "currency"),
        (#"{"type":"AddItem","orderId":"\#(order)","quantity":1,"unitPrice":"1"}"#, "missing_field", "productId"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","unitPrice":"1"}"#, "missing_field", "quantity"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":10001,"unitPrice":"1"}"#, "invalid_field", "quantity"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":2.0,"unitPrice":"1"}"#, "invalid_field", "quantity"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1}"#, "missing_field", "unitPrice"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1,"unitPrice":1.5}"#, "invalid_field", "unitPrice"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1,"unitPrice":"1,50"}"#, "invalid_field", "unitPrice"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1,"unitPrice":"NaN"}"#, "invalid_field", "unitPrice"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1,"unitPrice":"-2"}"#, "invalid_field", "unitPrice"),
        (#"{"type":"AddItem","orderId":"\#(order)","productId":"\#(product)","quantity":1,"unitPrice":"1","currency":"ZZZ"}"#, "invalid_field", "currency"),
        (#"{"type":"RemoveItem","orderId":"\#(order)","productId":"\#(product)","quantity":0}"#, "invalid_field", "quantity"),
        (#"{"type":"ShipOrder","orderId":"\#(order)","trackingNumber":42}"#, "invalid_field", "trackingNumber"),
        (#"{"type":"CancelOrder","orderId":"\#(order)","reason":{"why":"x"}}"#, "invalid_field", "reason"),
        (#"{"type":"CancelOrder","orderId":"\#(order)","reason":"a\u0000b"}"#, "invalid_field", "reason"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","metadata":{"note":["\u0000"]}}"#, "invalid_field", "metadata"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","metadata":{"a\u0000":1}}"#, "invalid_field", "metadata"),
        (#"{"type":"ConfirmOrder","orderId":"\#(order)","metadata":{"n":1e999999}}"#, "invalid_field", "metadata"),
        (#"{"type":"Refund","orderId":"\#(order)","metadata":{"n":"\u0000"}}"#, "unknown_command", "type"),
    ])
    func invalidLines(line: String, code: String, field: String?) {
        let failure = Self.failure(line)
        #expect(failure?.code.rawValue == code, "\(line)")
        #expect(failure?.field == field)
        #expect(failure?.message.isEmpty == false)
    }

    @Test("any non-negative expectedVersion and any removal quantity is a fair question for the handler")
    func largeIntegers() throws {
        let versionLine = #"{"type":"ConfirmOrder","orderId":"\#(Self.order)","expectedVersion":5000000000,"metadata":{"n":1e300}}"#
        #expect(try Self.decode(versionLine).get().expectedVersion == 5_000_000_000)
        let removal = try Self.decode(#"{"type":"RemoveItem","orderId":"\#(Self.order)","productId":"\#(Self.product)","quantity":5000000000}"#).get()
        #expect(removal.command == .removeItem(product: ProductID(Self.product)!, quantity: 5_000_000_000))
    }

    @Test("invalid UTF-8 and a NUL byte are malformed_json, not a crash")
    func hostileBytes() {
        let invalidUTF8: [UInt8] = Array(#"{"type":"ConfirmOrder","orderId":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        if case let .failure(failure) = Self.decoder.decode(invalidUTF8) { #expect(failure.code == .malformedJSON) } else { Issue.record("accepted") }
        let nul: [UInt8] = Array(#"{"type":"ConfirmOrder","orderId":"\#(Self.order)"}"#.utf8) + [0]
        if case let .failure(failure) = Self.decoder.decode(nul) { #expect(failure.code == .malformedJSON) } else { Issue.record("accepted") }
    }

    @Test("an unknown field's message names the field and what the command takes")
    func unknownFieldMessage() {
        let failure = Self.failure(#"{"type":"ConfirmOrder","orderId":"\#(Self.order)","priority":"high"}"#)
        #expect(failure?.message.contains("\"priority\"") == true)
        #expect(failure?.message.contains("ConfirmOrder") == true)
        #expect(failure?.orderID?.description == Self.order)
    }
}

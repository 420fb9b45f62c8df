import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Command fingerprint")
struct CommandFingerprintTests {
    static let order = OrderID(UUID())
    static let id = CommandID(UUID())

    static func addItem(_ price: String, quantity: Int = 1) -> OrderCommand {
        guard case let .success(amount) = DecimalAmount.parse(price) else { fatalError() }
        return .addItem(product: ProductID(UUID(uuidString: "00000000-0000-4000-8000-000000000001")!), quantity: quantity, unitPrice: amount, currency: nil)
    }

    @Test("how the command was sent does not change it: metadata and expectedVersion are left out")
    func sameCommand() {
        let first = CommandEnvelope(commandID: Self.id, orderID: Self.order, command: Self.addItem("1.50"), expectedVersion: 3, metadata: ["try": 1])
        let retry = CommandEnvelope(commandID: Self.id, orderID: Self.order, command: Self.addItem("1.50"), expectedVersion: nil, metadata: ["try": 2])
        #expect(CommandFingerprint.of(first) == CommandFingerprint.of(retry))
    }

    @Test("what the command asks does change it", arguments: [
        CommandFingerprintTests.addItem("1.5"), CommandFingerprintTests.addItem("1.50", quantity: 2), .confirmOrder,
    ])
    func differentCommand(other: OrderCommand) {
        let first = CommandEnvelope(commandID: Self.id, orderID: Self.order, command: Self.addItem("1.50"))
        #expect(CommandFingerprint.of(first) != CommandFingerprint.of(CommandEnvelope(commandID: Self.id, orderID: Self.order, command: other)))
        #expect(CommandFingerprint.of(first) != CommandFingerprint.of(CommandEnvelope(commandID: Self.id, orderID: OrderID(UUID()), command: first.command)))
    }

    @Test("the canonical text is stable JSON")
    func canonicalText() {
        let envelope = CommandEnvelope(commandID: Self.id, orderID: Self.order, command: .shipOrder(trackingNumber: "line\nbreak"))
        #expect(CommandFingerprint.canonicalText(of: envelope) == "{\"type\":\"ShipOrder\",\"orderId\":\"\(Self.order)\",\"trackingNumber\":\"line\\nbreak\"}")
    }
}

import Foundation
import JSONCoding
import OrderDomain
import OrderService
import SeededRandomness

/// A seeded, reproducible mix of commands over a few customers and orders: valid ones, and ones the
/// domain refuses (items on a shipped order, shipping before confirming, removing what is not there).
public struct RandomCommandMix {
    /// The orders the commands target.
    public let orders: [OrderID]
    /// The customers who place them.
    public let customers: [CustomerID]
    private let products: [ProductID]
    private var generator: SplitMix64

    /// A mix over `orderCount` orders of `customerCount` customers, fixed by `seed`.
    public init(seed: UInt64, orderCount: Int, customerCount: Int = 4) {
        var generator = SplitMix64(seed: seed)
        self.orders = (0..<orderCount).map { _ in Self.identifier(using: &generator) }
        self.customers = (0..<customerCount).map { _ in Self.identifier(using: &generator) }
        self.products = (0..<5).map { _ in Self.identifier(using: &generator) }
        self.generator = generator
    }

    /// The next `count` commands. Each order's first command places it, so most later ones can apply.
    public mutating func next(_ count: Int) -> [CommandEnvelope] {
        (0..<count).map { _ in nextCommand() }
    }

    private var placed: Set<OrderID> = []

    private mutating func nextCommand() -> CommandEnvelope {
        let order = orders[Int.random(in: 0..<orders.count, using: &generator)]
        let command: OrderCommand
        if !placed.contains(order) {
            placed.insert(order)
            let currency = [Currency.eur, .jpy, .kwd][Int(generator.next() % 3)]
            command = .placeOrder(customer: customers[Int(generator.next() % UInt64(customers.count))], currency: currency)
        } else {
            let product = products[Int(generator.next() % UInt64(products.count))]
            switch generator.next() % 10 {
            case 0...3:
                // Whole units parse in every currency; the occasional fraction is refused for JPY.
                let price = generator.next() % 4 == 0 ? "\(1 + generator.next() % 50).5" : "\(1 + generator.next() % 500)"
                guard case let .success(amount) = DecimalAmount.parse(price) else { preconditionFailure(price) }
                command = .addItem(product: product, quantity: Int(1 + generator.next() % 3), unitPrice: amount, currency: nil)
            case 4, 5: command = .removeItem(product: product, quantity: generator.next() % 2 == 0 ? nil : Int(1 + generator.next() % 2))
            case 6: command = .confirmOrder
            case 7: command = .shipOrder(trackingNumber: "TRACK-\(generator.next() % 1000)")
            case 8: command = .deliverOrder
            default: command = .cancelOrder(reason: generator.next() % 2 == 0 ? nil : "changed mind")
            }
        }
        let commandID: CommandID = Self.identifier(using: &generator)
        return CommandEnvelope(commandID: commandID, orderID: order, command: command, expectedVersion: nil, metadata: [:])
    }

    private static func identifier<Entity>(using generator: inout SplitMix64) -> Identifier<Entity> {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Identifier(UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        )))
    }

    /// A command as a `submit` input line.
    public static func jsonLine(_ envelope: CommandEnvelope) -> String {
        var object: JSONObject = [
            "type": .string(envelope.command.kind.rawValue),
            "orderId": .string(envelope.orderID.description),
            "commandId": .string(envelope.commandID.description),
        ]
        switch envelope.command {
        case let .placeOrder(customer, currency):
            object["customerId"] = .string(customer.description)
            object["currency"] = .string(currency.code)
        case let .addItem(product, quantity, unitPrice, _):
            object["productId"] = .string(product.description)
            object["quantity"] = .integer(quantity)
            object["unitPrice"] = .string(unitPrice.description)
        case let .removeItem(product, quantity):
            object["productId"] = .string(product.description)
            if let quantity { object["quantity"] = .integer(quantity) }
        case let .shipOrder(trackingNumber):
            if let trackingNumber { object["trackingNumber"] = .string(trackingNumber) }
        case let .cancelOrder(reason):
            if let reason { object["reason"] = .string(reason) }
        case .confirmOrder, .deliverOrder:
            break
        }
        return JSONValue.object(object).serialized()
    }
}

import Foundation
@testable import OrderDomain

/// Fixed ids and ready-made histories, so each test reads as given / when / then.
enum DomainFixtures {
    static let customer = CustomerID(UUID(uuidString: "00000000-0000-4000-8000-0000000000c1")!)
    static let keyboard = ProductID(UUID(uuidString: "00000000-0000-4000-8000-0000000000a1")!)
    static let mouse = ProductID(UUID(uuidString: "00000000-0000-4000-8000-0000000000a2")!)

    static func euros(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .eur) }

    static func amount(_ text: String) -> DecimalAmount {
        guard case let .success(amount) = DecimalAmount.parse(text) else { fatalError("bad fixture amount \(text)") }
        return amount
    }

    /// Events that bring an order to each status, with one keyboard at 19.99 EUR on it.
    static func history(reaching status: OrderStatus?) -> [OrderEvent] {
        guard let status else { return [] }
        let pending: [OrderEvent] = [
            .orderPlaced(customer: customer, currency: .eur),
            .itemAdded(product: keyboard, quantity: 2, unitPrice: euros(1999)),
        ]
        switch status {
        case .pending: return pending
        case .confirmed: return pending + [.orderConfirmed]
        case .shipped: return pending + [.orderConfirmed, .orderShipped(trackingNumber: "TRACK-1")]
        case .delivered: return pending + [.orderConfirmed, .orderShipped(trackingNumber: nil), .orderDelivered]
        case .cancelled: return pending + [.orderCancelled(reason: "changed mind")]
        }
    }

    /// One command of each kind, each valid against the pending history above.
    static func command(_ kind: OrderCommand.Kind) -> OrderCommand {
        switch kind {
        case .placeOrder: .placeOrder(customer: customer, currency: .eur)
        case .addItem: .addItem(product: mouse, quantity: 1, unitPrice: amount("5.00"), currency: nil)
        case .removeItem: .removeItem(product: keyboard, quantity: 1)
        case .confirmOrder: .confirmOrder
        case .shipOrder: .shipOrder(trackingNumber: "TRACK-9")
        case .deliverOrder: .deliverOrder
        case .cancelOrder: .cancelOrder(reason: nil)
        }
    }
}

extension OrderState {
    /// `try given(history).decide(command)` as a Result, so tests can compare either way.
    func outcome(of command: OrderCommand) -> Result<OrderEvent, OrderRejection> {
        Result { () throws(OrderRejection) -> OrderEvent in try decide(command) }
    }
}

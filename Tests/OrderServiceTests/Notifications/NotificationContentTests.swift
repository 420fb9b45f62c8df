import Foundation
import OrderDomain
import OrderService
import Testing

@Suite("Notification content")
struct NotificationContentTests {
    static let orderID = OrderID(UUID(uuidString: "6f96b3cd-2666-50d2-a502-85bf7a94b2a9")!)
    static let product = ProductID(UUID(uuidString: "421c24fe-01be-5f69-a77b-69686079840e")!)
    static let order = Order(
        customer: CustomerID(UUID()), currency: .eur, status: .confirmed,
        lines: [OrderLine(product: product, quantity: 2, unitPrice: Money(minorUnits: 1_999, currency: .eur))]
    )

    @Test("confirmation, shipping and cancellation notify; placing, adding, removing and delivering do not")
    func whichEventsNotify() {
        let events: [(OrderEvent, NotificationTemplate?)] = [
            (.orderPlaced(customer: Self.order.customer, currency: .eur), nil),
            (.itemAdded(product: Self.product, quantity: 1, unitPrice: Money(minorUnits: 1, currency: .eur)), nil),
            (.itemRemoved(product: Self.product, quantity: 1), nil),
            (.orderConfirmed, .orderConfirmation),
            (.orderShipped(trackingNumber: "1Z999"), .orderShipped),
            (.orderDelivered, nil),
            (.orderCancelled(reason: nil), .orderCancelled),
        ]
        for (event, template) in events {
            #expect(NotificationContent.of(event, orderID: Self.orderID, order: Self.order)?.template == template, "\(event)")
        }
        #expect(NotificationTemplate.allCases.map(\.rawValue) == ["welcome", "order_confirmation", "order_shipped", "order_cancelled"])
    }

    @Test("a confirmation carries the order's lines and total as the order stood after the event")
    func confirmationCarriesTheOrder() {
        #expect(NotificationContent.of(.orderConfirmed, orderID: Self.orderID, order: Self.order)
            == .orderConfirmation(orderID: Self.orderID, lines: Self.order.lines, total: Money(minorUnits: 3_998, currency: .eur)))
    }
}

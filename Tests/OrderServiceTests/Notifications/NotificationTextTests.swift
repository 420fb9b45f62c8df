import Foundation
import OrderDomain
import OrderService
import Testing

@Suite("Notification text")
struct NotificationTextTests {
    static let name = try! PersonName("Zoë Ångström")

    @Test("a confirmation lists each item with its quantity, unit price and subtotal, and the total with its currency")
    func confirmation() {
        let text = NotificationText(
            NotificationContent.of(.orderConfirmed, orderID: NotificationContentTests.orderID, order: NotificationContentTests.order)!, name: Self.name
        )
        #expect(text.subject == "Your order 6f96b3cd-2666-50d2-a502-85bf7a94b2a9 is confirmed")
        #expect(text.body == """
            Hello Zoë Ångström,

            we have confirmed your order 6f96b3cd-2666-50d2-a502-85bf7a94b2a9:

            - 2 × product 421c24fe-01be-5f69-a77b-69686079840e at 19.99 EUR: 39.98 EUR

            Total: 39.98 EUR

            """)
    }

    @Test("amounts are in each currency's own minor unit, with its code", arguments: [
        (Money(minorUnits: 1_200, currency: .jpy), "1200 JPY"), (Money(minorUnits: 1_250, currency: .kwd), "1.250 KWD"),
        (Money(minorUnits: 5, currency: .usd), "0.05 USD"),
    ])
    func amounts(money: Money, expected: String) {
        let text = NotificationText(.orderConfirmation(orderID: NotificationContentTests.orderID, lines: [], total: money), name: Self.name)
        #expect(text.body.hasSuffix("Total: \(expected)\n"))
    }

    @Test("a tracking number or a reason goes into the body only, never into the subject, and is left out when absent")
    func commandTextStaysInTheBody() {
        let hostile = "X\r\nBcc: everyone@example.com"
        let shipped = NotificationText(.orderShipped(orderID: NotificationContentTests.orderID, trackingNumber: hostile), name: Self.name)
        #expect(!shipped.subject.contains("Bcc") && !shipped.subject.contains("\r") && !shipped.subject.contains("\n"))
        #expect(shipped.body.contains("Tracking number: \(hostile)"))
        let cancelled = NotificationText(.orderCancelled(orderID: NotificationContentTests.orderID, reason: hostile), name: Self.name)
        #expect(cancelled.subject == "Your order 6f96b3cd-2666-50d2-a502-85bf7a94b2a9 was cancelled")
        #expect(cancelled.body.contains("Reason: \(hostile)"))
        #expect(!NotificationText(.orderShipped(orderID: NotificationContentTests.orderID, trackingNumber: nil), name: Self.name).body.contains("Tracking"))
        #expect(!NotificationText(.orderCancelled(orderID: NotificationContentTests.orderID, reason: nil), name: Self.name).body.contains("Reason"))
        #expect(NotificationText(.welcome(name: Self.name), name: Self.name).subject == "Welcome")
    }
}

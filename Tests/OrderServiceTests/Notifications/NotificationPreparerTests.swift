import Foundation
import MailMessage
import OrderDomain
import OrderService
import Testing

@Suite("Notification preparer")
struct NotificationPreparerTests {
    static let preparer = NotificationPreparer(sender: try! MailAddress(address: "orders@shop.example"))
    static let date = try! MailDate(secondsSinceEpoch: 1_796_216_400)
    static let customer = CustomerID(UUID())
    static let origin = NotificationOrigin(eventID: EventID(UUID()), position: 7, streamID: StreamID(UUID()), streamVersion: 1, customerID: customer)
    static let renée = ContactInfo(name: try! PersonName("Renée Dupré"), email: try! EmailAddress("renee@example.fr"))

    @Test("a welcome to a contact is pending, to the registered address, under its derived Message-ID")
    func pendingWelcome() throws {
        let prepared = Self.preparer.prepare(.welcome(Self.origin, registered: Self.renée), date: Self.date)
        #expect(prepared.id == NotificationID(eventID: Self.origin.eventID, template: .welcome))
        guard case let .pending(sender, recipient, message) = prepared.disposition else {
            Issue.record("not pending: \(prepared.disposition)")
            return
        }
        #expect(sender == "orders@shop.example")
        #expect(recipient == "renee@example.fr")
        let header = message.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(header.contains("Message-ID: <\(prepared.id)@orderctl>"), "\(header)")
        #expect(header.contains("From: orders@shop.example"), "\(header)")
        // The name is not ASCII: an encoded word, never raw UTF-8 in a header.
        #expect(header.contains { $0.hasPrefix("To: =?UTF-8?B?") && $0.hasSuffix("<renee@example.fr>") }, "\(header)")
        #expect(message.utf8.allSatisfy { $0 < 0x80 }, "the rendered message is not all ASCII")
    }

    @Test("a guest's order is skipped (no_contact), a forgotten customer's too (forgotten), and neither renders anything")
    func skipped() {
        let order = Order(customer: Self.customer, currency: .eur, status: .cancelled, lines: [])
        let orderID = OrderID(UUID())
        let guest = NotificationCandidate.of(.orderCancelled(reason: "x"), orderID: orderID, order: order, origin: Self.origin, recipient: .noContact)
        let forgotten = NotificationCandidate.of(.orderCancelled(reason: nil), orderID: orderID, order: order, origin: Self.origin, recipient: .forgotten)
        #expect(guest.map { Self.preparer.prepare($0, date: Self.date).disposition } == .skipped(.noContact))
        #expect(forgotten.map { Self.preparer.prepare($0, date: Self.date).disposition } == .skipped(.forgotten))
        #expect(Self.preparer.prepare(.welcome(Self.origin, registered: nil), date: Self.date).disposition == .skipped(.forgotten))
    }

    @Test("events that give no notification give no candidate")
    func silentEvents() {
        let order = Order(customer: Self.customer, currency: .eur, status: .delivered, lines: [])
        #expect(NotificationCandidate.of(.orderDelivered, orderID: OrderID(UUID()), order: order, origin: Self.origin, recipient: .contact(Self.renée)) == nil)
    }

    @Test("the same facts render the same bytes: a notification prepared again is the same message")
    func deterministic() {
        let candidate = NotificationCandidate.welcome(Self.origin, registered: Self.renée)
        #expect(Self.preparer.prepare(candidate, date: Self.date) == Self.preparer.prepare(candidate, date: Self.date))
    }
}
